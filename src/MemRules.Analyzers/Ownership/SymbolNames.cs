using System.Text;
using Microsoft.CodeAnalysis;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>Names of symbols in the form the options use: <c>Namespace.Type</c> and <c>Namespace.Type.Method</c>.</summary>
    internal static class SymbolNames
    {
        public static string FullName(INamedTypeSymbol type)
        {
            var builder = new StringBuilder();
            Append(builder, type.OriginalDefinition);
            return builder.ToString();
        }

        public static string FullName(IMethodSymbol method)
        {
            var builder = new StringBuilder();
            if (method.ContainingType != null)
            {
                Append(builder, method.ContainingType.OriginalDefinition);
                builder.Append('.');
            }

            builder.Append(method.Name);
            return builder.ToString();
        }

        private static void Append(StringBuilder builder, INamedTypeSymbol type)
        {
            if (type.ContainingType != null)
            {
                Append(builder, type.ContainingType);
                builder.Append('.');
            }
            else if (type.ContainingNamespace is { IsGlobalNamespace: false } ns)
            {
                builder.Append(ns.ToDisplayString());
                builder.Append('.');
            }

            builder.Append(type.Name);
        }
    }
}
