using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.Serialization.Json;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace MemRules.Analyzers.Baseline
{
    /// <summary>One baselined finding: what identifies it, not where it is (no line numbers).</summary>
    internal readonly struct BaselineKey : IEquatable<BaselineKey>
    {
        public BaselineKey(string rule, string file, string member, string resource)
        {
            Rule = rule;
            File = file;
            Member = member;
            Resource = resource;
        }

        public string Rule { get; }

        /// <summary>Relative to the baseline file's folder, with '/' separators.</summary>
        public string File { get; }

        /// <summary>The containing member as <see cref="Findings.MemberName"/> writes it; empty for none.</summary>
        public string Member { get; }

        public string Resource { get; }

        public bool Equals(BaselineKey other) =>
            string.Equals(Rule, other.Rule, StringComparison.Ordinal) &&
            string.Equals(File, other.File, StringComparison.OrdinalIgnoreCase) &&
            string.Equals(Member, other.Member, StringComparison.Ordinal) &&
            string.Equals(Resource, other.Resource, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is BaselineKey other && Equals(other);

        public override int GetHashCode()
        {
            unchecked
            {
                var hash = StringComparer.Ordinal.GetHashCode(Rule);
                hash = (hash * 31) + StringComparer.OrdinalIgnoreCase.GetHashCode(File);
                hash = (hash * 31) + StringComparer.Ordinal.GetHashCode(Member);
                return (hash * 31) + StringComparer.Ordinal.GetHashCode(Resource);
            }
        }

        public override string ToString() => Rule + " " + File + " " + (Member.Length > 0 ? Member + " " : string.Empty) + "'" + Resource + "'";
    }

    /// <summary>
    /// A baseline file (<c>memrules.baseline.json</c>), parsed: how many findings of each identity are accepted.
    /// The file is written by the package's MSBuild target from the build's SARIF log; it is JSON of the form
    /// <c>{ "version": 1, "findings": [ { "rule": "MEM001", "file": "Relay.cs", "member": "Chat.Relay.Start()", "resource": "reader", "count": 1 } ] }</c>.
    /// Reading never throws: a file that cannot be read has an <see cref="Error"/> and no entries.
    /// </summary>
    internal sealed class BaselineFile
    {
        public const int Version = 1;

        /// <summary>The file name the package's props give the baseline by default; an additional file of that name is the baseline.</summary>
        public const string DefaultFileName = "memrules.baseline.json";

        /// <summary>The item metadata the package's props set on the baseline additional file (<c>MemRulesBaseline="true"</c>).</summary>
        public const string MetadataKey = "build_metadata.AdditionalFiles.MemRulesBaseline";

        /// <summary>Set when the build writes a new baseline (<c>-p:MemRulesWriteBaseline=true</c>).</summary>
        public const string WriteProperty = "build_property.MemRulesWriteBaseline";

        /// <summary>The project's target frameworks (the package's props make it visible): one compilation of several sees only its own code.</summary>
        public const string TargetFrameworksProperty = "build_property.TargetFrameworks";

        /// <summary>The rules a baseline can hold: MEM001–MEM006.</summary>
        public static readonly ImmutableArray<string> Rules = ImmutableArray.Create(
            RuleIdentifiers.UndisposedLocal, RuleIdentifiers.UndisposedField, RuleIdentifiers.CleanupOutsideFinally,
            RuleIdentifiers.TryFinallyToUsing, RuleIdentifiers.UnboundedCollection, RuleIdentifiers.UnreleasedEventSubscription);

        private BaselineFile(string path, ImmutableDictionary<BaselineKey, int> counts, string? error)
        {
            Path = path;
            Folder = FolderOf(path);
            Counts = counts;
            Error = error;
        }

        public string Path { get; }

        /// <summary>The baseline's folder, with '/' separators and no trailing one: what entry paths are relative to.</summary>
        public string Folder { get; }

        /// <summary>How many findings of each identity the baseline accepts.</summary>
        public ImmutableDictionary<BaselineKey, int> Counts { get; }

        /// <summary>Why the file cannot be used, or null.</summary>
        public string? Error { get; }

        /// <summary>The project's baseline among the additional files, or null when it has none.</summary>
        public static AdditionalText? Find(AnalyzerOptions options)
        {
            foreach (var file in options.AdditionalFiles)
            {
                if (options.AnalyzerConfigOptionsProvider.GetOptions(file).TryGetValue(MetadataKey, out var flag) &&
                    string.Equals(flag?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
                {
                    return file;
                }
            }

            foreach (var file in options.AdditionalFiles)
            {
                if (string.Equals(FileName(file.Path), DefaultFileName, StringComparison.OrdinalIgnoreCase))
                {
                    return file;
                }
            }

            return null;
        }

        /// <summary>Whether this build writes the baseline (every finding is then suppressed, to be written).</summary>
        public static bool IsWriting(AnalyzerOptions options) =>
            options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(WriteProperty, out var value) &&
            string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// Whether the project builds for several target frameworks: a file or member may then exist for another
        /// framework than this compilation's, so what is missing here is not stale.
        /// </summary>
        public static bool IsOneOfSeveralTargets(AnalyzerOptions options) =>
            options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(TargetFrameworksProperty, out var value) && value != null &&
            value.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries).Count(part => part.Trim().Length > 0) > 1;

        public static BaselineFile Parse(string path, SourceText? text)
        {
            if (text == null)
            {
                return Failed(path, "the file cannot be read");
            }

            XElement root;
            try
            {
                var bytes = Encoding.UTF8.GetBytes(text.ToString());
                using var reader = JsonReaderWriterFactory.CreateJsonReader(bytes, XmlDictionaryReaderQuotas.Max);
                root = XElement.Load(reader);
            }
            catch (Exception e) when (e is XmlException or InvalidOperationException or ArgumentException or System.Runtime.Serialization.SerializationException)
            {
                return Failed(path, "it is not valid JSON (" + FirstLine(e.Message) + ")");
            }

            if (TypeOf(root) != "object")
            {
                return Failed(path, "it is not a JSON object");
            }

            var version = root.Element("version");
            if (version == null || TypeOf(version) != "number" || version.Value.Trim() != Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                return Failed(path, "its \"version\" is " + (version == null ? "missing" : "'" + version.Value + "'") + ", not " + Version);
            }

            var findings = root.Element("findings");
            if (findings == null || TypeOf(findings) != "array")
            {
                return Failed(path, "it has no \"findings\" array");
            }

            var counts = ImmutableDictionary.CreateBuilder<BaselineKey, int>();
            int index = 0;
            foreach (var item in findings.Elements())
            {
                index++;
                if (TypeOf(item) != "object" ||
                    Text(item, "rule") is not { } rule || Text(item, "file") is not { } file || Text(item, "resource") is not { } resource)
                {
                    return Failed(path, "finding " + index + " has no \"rule\", \"file\" and \"resource\" strings");
                }

                if (!Rules.Contains(rule))
                {
                    return Failed(path, "finding " + index + " names rule '" + rule + "', which a baseline cannot hold");
                }

                var count = 1;
                var countElement = item.Element("count");
                if (countElement != null && (TypeOf(countElement) != "number" || !int.TryParse(countElement.Value.Trim(), out count) || count < 1))
                {
                    return Failed(path, "finding " + index + " has a \"count\" that is not a positive whole number");
                }

                var key = new BaselineKey(rule, NormalizeRelative(file), Text(item, "member") ?? string.Empty, resource);
                counts[key] = (counts.TryGetValue(key, out var existing) ? existing : 0) + count;
            }

            return new BaselineFile(path, counts.ToImmutable(), error: null);
        }

        /// <summary>The identity of a diagnostic for this baseline; null when it is not a finding a baseline can hold.</summary>
        public BaselineKey? KeyOf(Diagnostic diagnostic)
        {
            if (!Rules.Contains(diagnostic.Id) || diagnostic.Location.SourceTree?.FilePath is not { Length: > 0 } filePath ||
                !diagnostic.Properties.TryGetValue(DiagnosticProperties.Resource, out var resource) || resource == null)
            {
                return null;
            }

            diagnostic.Properties.TryGetValue(DiagnosticProperties.Member, out var member);
            return new BaselineKey(diagnostic.Id, RelativePath(filePath), member ?? string.Empty, resource);
        }

        /// <summary><paramref name="filePath"/> relative to the baseline's folder, with '/' separators (<c>../</c> for files outside it).</summary>
        public string RelativePath(string filePath)
        {
            var file = filePath.Replace('\\', '/').Split('/');
            var folder = Folder.Split('/');
            int common = 0;
            while (common < folder.Length && common < file.Length - 1 && string.Equals(folder[common], file[common], StringComparison.OrdinalIgnoreCase))
            {
                common++;
            }

            var parts = new List<string>();
            for (int i = common; i < folder.Length; i++)
            {
                parts.Add("..");
            }

            for (int i = common; i < file.Length; i++)
            {
                parts.Add(file[i]);
            }

            return NormalizeRelative(string.Join("/", parts));
        }

        private static BaselineFile Failed(string path, string error) =>
            new BaselineFile(path, ImmutableDictionary<BaselineKey, int>.Empty, error);

        private static string FolderOf(string path)
        {
            var normalized = path.Replace('\\', '/');
            var slash = normalized.LastIndexOf('/');
            return slash <= 0 ? normalized.Substring(0, Math.Max(slash, 0)) : normalized.Substring(0, slash);
        }

        internal static string FileName(string path)
        {
            var normalized = path.Replace('\\', '/');
            return normalized.Substring(normalized.LastIndexOf('/') + 1);
        }

        /// <summary>'/' separators, no <c>./</c> segments or doubled separators.</summary>
        private static string NormalizeRelative(string path)
        {
            var parts = new List<string>();
            foreach (var part in path.Replace('\\', '/').Split('/'))
            {
                if (part.Length > 0 && part != ".")
                {
                    parts.Add(part);
                }
            }

            return string.Join("/", parts);
        }

        /// <summary>The JSON type that <see cref="JsonReaderWriterFactory"/> writes on each element.</summary>
        private static string? TypeOf(XElement element) => element.Attribute("type")?.Value;

        private static string? Text(XElement item, string name)
        {
            var element = item.Element(name);
            return element != null && TypeOf(element) is null or "string" && !element.HasElements ? element.Value : null;
        }

        private static string FirstLine(string message)
        {
            var end = message.IndexOfAny(new[] { '\r', '\n' });
            return end < 0 ? message : message.Substring(0, end);
        }
    }
}
