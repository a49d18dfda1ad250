using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace MemRules.Analyzers.Baseline
{
    /// <summary>
    /// MEM900: the project's baseline file cannot be used (not the JSON the package writes, a version it does not
    /// know), or it is stale: some entries name a file that is no longer in the compilation, or a member that
    /// is no longer declared in that file, so they can never match again (not checked when the project has
    /// several target frameworks: the others may have them). Reported once per compilation, on the baseline
    /// file; the rules' own findings are matched by <see cref="BaselineSuppressor"/>.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class BaselineFileAnalyzer : DiagnosticAnalyzer
    {
        private const int NamedInMessage = 3;

        private readonly ConditionalWeakTable<SourceText, BaselineFile> _parsed = new ConditionalWeakTable<SourceText, BaselineFile>();

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.MEM900Unreadable, Descriptors.MEM900Stale);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                if (BaselineFile.IsWriting(start.Options) ||
                    BaselineSuppressor.Load(start.Options, _parsed, start.CancellationToken) is not { } baseline)
                {
                    return;
                }

                var location = Location.Create(baseline.Path, default, default);
                var shown = BaselineFile.FileName(baseline.Path);
                if (baseline.Error != null)
                {
                    start.RegisterCompilationEndAction(end =>
                        end.ReportDiagnostic(Diagnostic.Create(Descriptors.MEM900Unreadable, location, shown, baseline.Error)));
                    return;
                }

                if (BaselineFile.IsOneOfSeveralTargets(start.Options))
                {
                    return;
                }

                // The members declared in each file the baseline names, collected from the types as the compilation declares them.
                var files = new HashSet<string>(baseline.Counts.Keys.Select(k => k.File), StringComparer.OrdinalIgnoreCase);
                var declared = new ConcurrentDictionary<string, ConcurrentDictionary<string, bool>>(StringComparer.OrdinalIgnoreCase);
                start.RegisterSymbolAction(
                    symbol => Collect((INamedTypeSymbol)symbol.Symbol, baseline, files, declared),
                    SymbolKind.NamedType);
                start.RegisterCompilationEndAction(end =>
                {
                    var stale = Stale(baseline, end.Compilation, declared, end.CancellationToken);
                    if (stale.Count > 0)
                    {
                        var named = string.Join("; ", stale.Take(NamedInMessage).Select(k => k.ToString())) + (stale.Count > NamedInMessage ? "; …" : string.Empty);
                        end.ReportDiagnostic(Diagnostic.Create(Descriptors.MEM900Stale, location, shown, stale.Count, named));
                    }
                });
            });
        }

        private static void Collect(
            INamedTypeSymbol type, BaselineFile baseline, HashSet<string> files, ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> declared)
        {
            foreach (var location in type.Locations)
            {
                if (location.SourceTree?.FilePath is { Length: > 0 } path && baseline.RelativePath(path) is var relative && files.Contains(relative))
                {
                    var names = declared.GetOrAdd(relative, _ => new ConcurrentDictionary<string, bool>(StringComparer.Ordinal));
                    foreach (var member in type.GetMembers())
                    {
                        names[Findings.MemberName(member)] = true;
                    }
                }
            }
        }

        /// <summary>
        /// The entries whose file is not among the compilation's trees, or whose member no type declared in that file
        /// has (accessors and implicit members included; a file of top-level statements declares the entry point).
        /// </summary>
        private static List<BaselineKey> Stale(
            BaselineFile baseline, Compilation compilation, ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> declared,
            System.Threading.CancellationToken cancellationToken)
        {
            var trees = new HashSet<string>(compilation.SyntaxTrees.Select(t => baseline.RelativePath(t.FilePath)), StringComparer.OrdinalIgnoreCase);
            var entryPoint = compilation.GetEntryPoint(cancellationToken);
            var stale = new List<BaselineKey>();
            foreach (var key in baseline.Counts.Keys.OrderBy(k => k.File, StringComparer.Ordinal).ThenBy(k => k.Member, StringComparer.Ordinal))
            {
                bool exists = trees.Contains(key.File) &&
                              (key.Member.Length == 0 ||
                               (declared.TryGetValue(key.File, out var names) && names.ContainsKey(key.Member)) ||
                               (entryPoint != null && Findings.MemberName(entryPoint) == key.Member));
                if (!exists)
                {
                    stale.Add(key);
                }
            }

            return stale;
        }
    }
}
