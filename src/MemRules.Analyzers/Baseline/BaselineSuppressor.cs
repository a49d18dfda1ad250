using System;
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
    /// Suppresses the findings that the project's baseline file accepts, so that a build reports only new ones.
    /// A finding matches an entry by rule, file (relative to the baseline), containing member and resource
    /// name, never by line; an entry with a count accepts that many findings of its identity. Suppressed
    /// findings stay visible as suppressed (SARIF lists them with this suppression's justification). While
    /// the build writes a new baseline (<c>build_property.MemRulesWriteBaseline</c>), every finding is
    /// suppressed so that the build succeeds, and the package's target writes them all from the SARIF log.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class BaselineSuppressor : DiagnosticSuppressor
    {
        /// <summary>The suppression justification: the package's write target recognises baselined results by it.</summary>
        public const string Justification = "In the MemRules baseline: a finding accepted when the baseline was written, not a new one";

        private static readonly ImmutableDictionary<string, SuppressionDescriptor> ByRule =
            BaselineFile.Rules.ToImmutableDictionary(id => id, id => new SuppressionDescriptor("MEMB" + id.Substring(3), id, Justification));

        /// <summary>Each version of the file is parsed once, however often the host asks for suppressions (the IDE asks per document).</summary>
        private readonly ConditionalWeakTable<SourceText, BaselineFile> _parsed = new ConditionalWeakTable<SourceText, BaselineFile>();

        public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions { get; } =
            BaselineFile.Rules.Select(id => ByRule[id]).ToImmutableArray();

        public override void ReportSuppressions(SuppressionAnalysisContext context)
        {
            if (BaselineFile.IsWriting(context.Options))
            {
                foreach (var diagnostic in context.ReportedDiagnostics)
                {
                    if (ByRule.TryGetValue(diagnostic.Id, out var descriptor))
                    {
                        context.ReportSuppression(Suppression.Create(descriptor, diagnostic));
                    }
                }

                return;
            }

            var baseline = Load(context.Options, _parsed, context.CancellationToken);
            if (baseline == null || baseline.Error != null || baseline.Counts.IsEmpty)
            {
                return;
            }

            // Findings of one identity are matched in the order of their locations, so that the same ones stay suppressed.
            var left = new Dictionary<BaselineKey, int>(baseline.Counts);
            foreach (var diagnostic in context.ReportedDiagnostics
                         .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
                         .ThenBy(d => d.Location.SourceSpan.Start))
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (baseline.KeyOf(diagnostic) is { } key && left.TryGetValue(key, out var count) && count > 0)
                {
                    left[key] = count - 1;
                    context.ReportSuppression(Suppression.Create(ByRule[diagnostic.Id], diagnostic));
                }
            }
        }

        /// <summary>The project's baseline, parsed once per version of its text; null when the project has none.</summary>
        internal static BaselineFile? Load(AnalyzerOptions options, ConditionalWeakTable<SourceText, BaselineFile> parsed, System.Threading.CancellationToken cancellationToken)
        {
            if (BaselineFile.Find(options) is not { } file)
            {
                return null;
            }

            var text = file.GetText(cancellationToken);
            return text == null ? BaselineFile.Parse(file.Path, null) : parsed.GetValue(text, t => BaselineFile.Parse(file.Path, t));
        }
    }
}
