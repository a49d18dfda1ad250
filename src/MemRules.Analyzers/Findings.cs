using System.Collections.Generic;
using System.Collections.Immutable;
using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;

namespace MemRules.Analyzers
{
    /// <summary>
    /// Makes the diagnostics of every rule the same way: the properties that identify a finding for a baseline
    /// (<see cref="DiagnosticProperties.Resource"/>, <see cref="DiagnosticProperties.Member"/>), and for the
    /// resource rules its kind (<see cref="DiagnosticProperties.ResourceKind"/>) and the severity that follows
    /// from it: a finding that holds only managed memory or a pooled buffer is a suggestion.
    /// </summary>
    internal static class Findings
    {
        public static Diagnostic OfResource(
            DiagnosticDescriptor descriptor, Location location, HeldResource kind, KnownSymbols known, MemRulesOptions options,
            string resource, ISymbol? member, ImmutableDictionary<string, string?>? properties, params object[] arguments)
        {
            var all = Identity(properties, resource, member).SetItem(DiagnosticProperties.ResourceKind, kind.Kind.ToString());
            var severity = kind.Hurts || !options.SeverityByResourceKind ? descriptor.DefaultSeverity : DiagnosticSeverity.Info;
            if (severity != DiagnosticSeverity.Info && IsLeftToTheTestRunner(descriptor, known, options, member))
            {
                all = all.SetItem(DiagnosticProperties.TestCode, DiagnosticProperties.True);
                severity = DiagnosticSeverity.Info;
            }

            return Diagnostic.Create(descriptor, location, severity, additionalLocations: null, all, arguments);
        }

        /// <summary>
        /// The test defaults: in a test class, a local left to the end of the test process (MEM001) and a release
        /// that a failed assert skips (MEM003) are suggestions. MEM002 is not: a field a test class creates lives
        /// as long as the fixture, and its framework's cleanup methods count as its disposal.
        /// </summary>
        private static bool IsLeftToTheTestRunner(DiagnosticDescriptor descriptor, KnownSymbols known, MemRulesOptions options, ISymbol? member) =>
            options.TestDefaults && member != null &&
            (descriptor.Id == RuleIdentifiers.UndisposedLocal || descriptor.Id == RuleIdentifiers.CleanupOutsideFinally) &&
            known.Tests.Contains(member);

        public static Diagnostic Of(
            DiagnosticDescriptor descriptor, Location location, string resource, ISymbol? member,
            ImmutableDictionary<string, string?>? properties, IEnumerable<Location>? additionalLocations, params object[] arguments) =>
            Diagnostic.Create(descriptor, location, additionalLocations, Identity(properties, resource, member), arguments);

        private static ImmutableDictionary<string, string?> Identity(ImmutableDictionary<string, string?>? properties, string resource, ISymbol? member)
        {
            var all = (properties ?? ImmutableDictionary<string, string?>.Empty).SetItem(DiagnosticProperties.Resource, resource);
            return member == null ? all : all.SetItem(DiagnosticProperties.Member, MemberName(member));
        }

        /// <summary>The member a finding is in, as a baseline names it: <c>Namespace.Type.Method(string)</c>, lambdas seen through.</summary>
        public static string MemberName(ISymbol member)
        {
            while (member is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } && member.ContainingSymbol != null)
            {
                member = member.ContainingSymbol;
            }

            return member.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
        }
    }
}
