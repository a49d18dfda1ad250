using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>
    /// What counts as releasing a resource: <c>Dispose()</c>, <c>DisposeAsync()</c> or <c>Close()</c> on it
    /// (and <c>Stop()</c> on a <c>TcpListener</c>),
    /// also through <c>?.</c> and casts; <c>using</c> on it. Callers decide which symbol the receiver must name.
    /// </summary>
    internal static class Cleanup
    {
        /// <summary>The parameterless release methods.</summary>
        public static bool IsReleaseMethod(IMethodSymbol method) =>
            method.Parameters.Length == 0 &&
            !method.IsStatic &&
            HasReleaseName(method.Name) &&
            (method.Name != "Stop" || IsTcpListener(method.ContainingType));

        /// <summary>
        /// The names of <see cref="IsReleaseMethod"/>, for syntactic filters that cannot see the type yet
        /// (<c>Stop</c> is a release only on a <c>TcpListener</c>).
        /// </summary>
        public static bool HasReleaseName(string name) => name is "Dispose" or "DisposeAsync" or "Close" or "Stop";

        /// <summary><c>TcpListener.Stop()</c> closes its socket: it is that type's release (seen in MQTTnet's tests).</summary>
        private static bool IsTcpListener(INamedTypeSymbol? type) =>
            type is { Name: "TcpListener", ContainingNamespace: { Name: "Sockets", ContainingNamespace: { Name: "Net", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } };

        /// <summary>
        /// When <paramref name="invocation"/> releases its receiver, returns the receiver (conversions and
        /// <c>?.</c> seen through); otherwise null.
        /// </summary>
        public static IOperation? GetReleasedResource(IInvocationOperation invocation) =>
            IsReleaseMethod(invocation.TargetMethod) ? Operations.GetReceiver(invocation) : null;

        /// <summary>True when <paramref name="invocation"/> releases the local, parameter, field or property <paramref name="symbol"/>.</summary>
        public static bool Releases(IInvocationOperation invocation, ISymbol symbol) =>
            SymbolEqualityComparer.Default.Equals(Operations.ReferencedSymbol(GetReleasedResource(invocation)), symbol);
    }
}
