using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>
    /// The package's .editorconfig options. Keys are <c>memrules.MEMxxx.option</c> with a fallback to
    /// <c>memrules.option</c>. Malformed values never throw: they fall back to the documented default
    /// (see docs/configuration.md).
    /// </summary>
    internal sealed class MemRulesOptions
    {
        public const string Prefix = "memrules.";
        public const string ExcludedTypesKey = "excluded_types";
        public const string OwnedFactoryMethodsKey = "owned_factory_methods";
        public const string ArgumentTransfersOwnershipKey = "argument_transfers_ownership";
        public const string OwnershipTransferMethodsKey = "ownership_transfer_methods";
        public const string SeverityByResourceKindKey = "severity_by_resource_kind";
        public const string TestDefaultsKey = "test_defaults";

        /// <summary>What the package's props make visible of MSBuild's IsTestProject (set by Microsoft.NET.Test.Sdk).</summary>
        public const string IsTestProjectProperty = "build_property.IsTestProject";

        /// <summary>Types whose Dispose is a no-op by common consent; replaced as a whole by memrules.excluded_types.</summary>
        public static readonly ImmutableHashSet<string> DefaultExcludedTypes = ImmutableHashSet.Create(
            StringComparer.Ordinal,
            "System.IO.MemoryStream",
            "System.IO.StringReader",
            "System.IO.StringWriter",
            // MarshalByValueComponent: Dispose only raises Disposed (seen in Terminal.Gui's examples).
            "System.Data.DataTable",
            "System.Data.DataSet",
            "System.Data.DataColumn");

        private static readonly char[] Separators = { ',', ';', ' ', '\t' };

        private readonly AnalyzerConfigOptions _options;

        private MemRulesOptions(AnalyzerConfigOptions options, AnalyzerConfigOptions globalOptions)
        {
            _options = options;
            ExcludedTypes = TryGetRaw(null, ExcludedTypesKey, out var excluded)
                ? ParseList(excluded)
                : DefaultExcludedTypes;
            OwnedFactoryMethods = TryGetRaw(null, OwnedFactoryMethodsKey, out var owned)
                ? ParseList(owned)
                : ImmutableHashSet<string>.Empty;
            OwnershipTransferMethods = TryGetRaw(null, OwnershipTransferMethodsKey, out var transfer)
                ? ParseList(transfer)
                : ImmutableHashSet<string>.Empty;
            ArgumentTransfersOwnership = GetBool(null, ArgumentTransfersOwnershipKey, defaultValue: true);
            SeverityByResourceKind = GetBool(null, SeverityByResourceKindKey, defaultValue: true);
            TestDefaults = GetBool(null, TestDefaultsKey, defaultValue: IsTestProject(options) ?? IsTestProject(globalOptions) ?? false);
            var names = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
            foreach (var method in OwnedFactoryMethods)
            {
                names.Add(method.Substring(method.LastIndexOf('.') + 1));
            }

            OwnedFactoryMethodNames = names.ToImmutable();
        }

        /// <summary>Full type names (namespace-qualified, without type arguments) that are never reported.</summary>
        public ImmutableHashSet<string> ExcludedTypes { get; }

        /// <summary>Methods (<c>Namespace.Type.Method</c>) whose result the caller owns.</summary>
        public ImmutableHashSet<string> OwnedFactoryMethods { get; }

        /// <summary>The method names of <see cref="OwnedFactoryMethods"/>, for the syntactic candidate filter.</summary>
        public ImmutableHashSet<string> OwnedFactoryMethodNames { get; }

        /// <summary>
        /// Whether a finding that holds only managed memory or a pooled buffer is a suggestion (Info) rather than a
        /// warning (default true); false reports every finding at its rule's severity.
        /// </summary>
        public bool SeverityByResourceKind { get; }

        /// <summary>
        /// Whether the test defaults apply (MEM001 and MEM003 findings in test classes are suggestions): by default
        /// when MSBuild marks the project as a test project (<c>build_property.IsTestProject</c>).
        /// </summary>
        public bool TestDefaults { get; }

        /// <summary>Methods of referenced assemblies (<c>Namespace.Type.Method</c>) that take ownership of the disposables passed to them.</summary>
        public ImmutableHashSet<string> OwnershipTransferMethods { get; }

        /// <summary>
        /// Whether passing a resource to a method whose code cannot be seen — a virtual, abstract or interface
        /// method, a delegate, an unresolved call — counts as handing it on (default true: precision first).
        /// Methods of the compilation are summarized, those of referenced assemblies borrow unless known to take.
        /// </summary>
        public bool ArgumentTransfersOwnership { get; }

        public bool IsExcluded(ITypeSymbol? type) =>
            type is INamedTypeSymbol named && ExcludedTypes.Contains(SymbolNames.FullName(named));

        public bool GetBool(string? ruleId, string name, bool defaultValue)
        {
            if (TryGetRaw(ruleId, name, out var raw) && bool.TryParse(raw.Trim(), out var value))
            {
                return value;
            }

            return defaultValue;
        }

        public int GetInt(string? ruleId, string name, int defaultValue, int min, int max)
        {
            if (TryGetRaw(ruleId, name, out var raw) &&
                int.TryParse(raw.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) &&
                value >= min && value <= max)
            {
                return value;
            }

            return defaultValue;
        }

        private static bool? IsTestProject(AnalyzerConfigOptions options) =>
            options.TryGetValue(IsTestProjectProperty, out var raw) && bool.TryParse(raw?.Trim(), out var value) ? value : (bool?)null;

        private bool TryGetRaw(string? ruleId, string name, out string value)
        {
            if (ruleId != null && _options.TryGetValue(Prefix + ruleId + "." + name, out var specific) && specific != null)
            {
                value = specific;
                return true;
            }

            if (_options.TryGetValue(Prefix + name, out var general) && general != null)
            {
                value = general;
                return true;
            }

            value = string.Empty;
            return false;
        }

        private static ImmutableHashSet<string> ParseList(string raw)
        {
            var builder = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
            foreach (var part in raw.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
            {
                var name = part.Trim();
                if (name.StartsWith("T:", StringComparison.Ordinal) || name.StartsWith("M:", StringComparison.Ordinal))
                {
                    name = name.Substring(2);
                }

                if (name.Length > 0)
                {
                    builder.Add(name);
                }
            }

            return builder.ToImmutable();
        }

        /// <summary>
        /// Parsed options, cached per options instance: trees that share an .editorconfig share one parse.
        /// One cache lives for one compilation (it is created in a compilation-start action).
        /// </summary>
        public sealed class Cache
        {
            private readonly AnalyzerOptions _analyzerOptions;
            private readonly ConcurrentDictionary<AnalyzerConfigOptions, MemRulesOptions> _parsed =
                new ConcurrentDictionary<AnalyzerConfigOptions, MemRulesOptions>();

            public Cache(AnalyzerOptions analyzerOptions) => _analyzerOptions = analyzerOptions;

            public MemRulesOptions For(SyntaxTree tree)
            {
                var options = _analyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(tree);
                return _parsed.GetOrAdd(options, o => new MemRulesOptions(o, _analyzerOptions.AnalyzerConfigOptionsProvider.GlobalOptions));
            }
        }
    }
}
