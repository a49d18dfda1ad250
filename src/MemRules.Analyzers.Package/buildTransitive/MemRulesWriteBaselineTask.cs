#nullable enable
// MemRules.Analyzers: the task that writes memrules.baseline.json from the compiler's SARIF 2.1 logs. MSBuild
// compiles it from this file (RoslynCodeTaskFactory, MemRules.Analyzers.targets): nothing to install.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.Serialization.Json;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class MemRulesWriteBaselineTask : Task
{
    // The suppression the package's suppressor reports (BaselineSuppressor, suppression IDs MEMB001-MEMB006).
    private const string OwnSuppression = "Suppression Id: MEMB0";

    private static readonly HashSet<string> Rules = new HashSet<string>(StringComparer.Ordinal)
    {
        "MEM001", "MEM002", "MEM003", "MEM004", "MEM005", "MEM006",
    };

    /// <summary>The SARIF 2.1 logs of the compilations, one per target framework.</summary>
    [Required]
    public ITaskItem[] SarifFiles { get; set; } = Array.Empty<ITaskItem>();

    [Required]
    public string BaselineFile { get; set; } = string.Empty;

    [Output]
    public int Findings { get; set; }

    public override bool Execute()
    {
        var baseline = Path.GetFullPath(BaselineFile);
        var folder = Path.GetDirectoryName(baseline) ?? string.Empty;
        var counts = new Dictionary<string[], int>(new KeyComparer());
        foreach (var item in SarifFiles)
        {
            var log = item.ItemSpec;
            var comma = log.IndexOf(",version=", StringComparison.OrdinalIgnoreCase);
            log = comma >= 0 ? log.Substring(0, comma) : log;
            if (!File.Exists(log))
            {
                Log.LogError("MemRules: the compiler wrote no SARIF log to '{0}', so the baseline cannot be written; build again with -p:MemRulesWriteBaseline=true.", log);
                return false;
            }

            Dictionary<string[], int> found;
            try
            {
                found = Read(log, folder);
            }
            catch (Exception e) when (e is XmlException || e is IOException || e is InvalidDataException || e is UriFormatException || e is System.Runtime.Serialization.SerializationException)
            {
                Log.LogError("MemRules: '{0}' is not a SARIF 2.1 log the baseline can be written from: {1}", log, e.Message);
                return false;
            }

            // Each target framework compiles the same code: a finding they share is one finding.
            foreach (var pair in found)
            {
                counts[pair.Key] = Math.Max(pair.Value, counts.TryGetValue(pair.Key, out var other) ? other : 0);
            }
        }

        var text = Format(counts);
        if (!File.Exists(baseline) || File.ReadAllText(baseline) != text)
        {
            File.WriteAllText(baseline, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }

        Findings = counts.Values.Sum();
        Log.LogMessage(MessageImportance.High, "MemRules: wrote {0} finding(s) to the baseline {1}", Findings, baseline);
        return true;
    }

    /// <summary>Every MEM001-MEM006 result of the log that nothing but the package's own suppressor suppresses, by identity.</summary>
    private static Dictionary<string[], int> Read(string log, string folder)
    {
        XElement root;
        using (var reader = JsonReaderWriterFactory.CreateJsonReader(File.ReadAllBytes(log), XmlDictionaryReaderQuotas.Max))
        {
            root = XElement.Load(reader);
        }

        if (Child(root, "version")?.Value != "2.1.0")
        {
            throw new InvalidDataException("its version is not 2.1.0 (set ErrorLog with ',version=2.1')");
        }

        var counts = new Dictionary<string[], int>(new KeyComparer());
        foreach (var run in Items(Child(root, "runs")))
        {
            foreach (var result in Items(Child(run, "results")))
            {
                var rule = Child(result, "ruleId")?.Value;
                if (rule == null || !Rules.Contains(rule) || Items(Child(result, "suppressions")).Any(s => !IsOwnSuppression(s)))
                {
                    continue;
                }

                var uri = Child(Child(Child(Items(Child(result, "locations")).FirstOrDefault(), "physicalLocation"), "artifactLocation"), "uri")?.Value;
                var properties = Child(Child(result, "properties"), "customProperties");
                var resource = Child(properties, "MemRules.Resource")?.Value;
                if (uri == null || resource == null)
                {
                    continue;
                }

                var file = Relative(folder, new Uri(uri).LocalPath);
                var key = new[] { file, Child(properties, "MemRules.Member")?.Value ?? string.Empty, rule, resource };
                counts[key] = (counts.TryGetValue(key, out var count) ? count : 0) + 1;
            }
        }

        return counts;
    }

    private static bool IsOwnSuppression(XElement suppression) =>
        (Child(Child(suppression, "properties"), "suppressionType")?.Value ?? string.Empty).Contains(OwnSuppression);

    /// <summary>
    /// The baseline: sorted by file, member, rule and resource, one finding a line, so that a rewrite changes
    /// only the lines of findings that came or went. Lines are never recorded: a finding is matched by identity.
    /// </summary>
    private static string Format(Dictionary<string[], int> counts)
    {
        var text = new StringBuilder();
        text.Append("{\n");
        text.Append("  \"comment\": \"MemRules baseline: findings accepted when it was written, matched by rule, file, member and resource (not by line). Rewrite it with: dotnet build -p:MemRulesWriteBaseline=true\",\n");
        text.Append("  \"version\": 1,\n");
        text.Append("  \"findings\": [");
        var first = true;
        foreach (var pair in counts.OrderBy(p => p.Key[0], StringComparer.Ordinal).ThenBy(p => p.Key[1], StringComparer.Ordinal)
                     .ThenBy(p => p.Key[2], StringComparer.Ordinal).ThenBy(p => p.Key[3], StringComparer.Ordinal))
        {
            text.Append(first ? "\n" : ",\n");
            first = false;
            text.Append("    { \"rule\": ").Append(Quote(pair.Key[2]))
                .Append(", \"file\": ").Append(Quote(pair.Key[0]))
                .Append(", \"member\": ").Append(Quote(pair.Key[1]))
                .Append(", \"resource\": ").Append(Quote(pair.Key[3]));
            if (pair.Value > 1)
            {
                text.Append(", \"count\": ").Append(pair.Value);
            }

            text.Append(" }");
        }

        text.Append(first ? "]\n" : "\n  ]\n");
        text.Append("}\n");
        return text.ToString();
    }

    private static string Quote(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                default:
                    if (c < ' ')
                    {
                        text.Append("\\u").Append(((int)c).ToString("x4"));
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        return text.Append('"').ToString();
    }

    /// <summary><paramref name="path"/> relative to <paramref name="folder"/>, with '/' separators.</summary>
    private static string Relative(string folder, string path)
    {
        var from = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var relative = Uri.UnescapeDataString(new Uri(from).MakeRelativeUri(new Uri(Path.GetFullPath(path))).ToString());
        return relative.Replace('\\', '/');
    }

    /// <summary>A JSON property: an element of that name, or one that JsonReaderWriterFactory had to name "item".</summary>
    private static XElement? Child(XElement? parent, string name) =>
        parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name || (string?)e.Attribute("item") == name);

    private static IEnumerable<XElement> Items(XElement? array) => array?.Elements() ?? Enumerable.Empty<XElement>();

    private sealed class KeyComparer : IEqualityComparer<string[]>
    {
        public bool Equals(string[]? x, string[]? y) => x != null && y != null && x.SequenceEqual(y, StringComparer.Ordinal);

        public int GetHashCode(string[] key) => key.Aggregate(17, (hash, part) => unchecked((hash * 31) + StringComparer.Ordinal.GetHashCode(part)));
    }
}
