using System;
using System.Text;
using Microsoft.CodeAnalysis;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>Names of symbols: the form the options use (<c>Namespace.Type</c>, <c>Namespace.Type.Method</c>), the messages' and metadata forms, and which names a type's members carry.</summary>
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

        /// <summary>A member as a message names it: an accessor by its property, a constructor by its type, else its name.</summary>
        public static string InMessage(ISymbol member) =>
            member is IMethodSymbol { AssociatedSymbol: { } associated } ? associated.Name :
            member is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } ? member.ContainingType.Name :
            member.Name;

        /// <summary>The metadata form, as framework tables key types: <c>System.Buffers.MemoryPool`1</c>, <c>Outer+Inner</c>.</summary>
        public static string MetadataName(INamedTypeSymbol type)
        {
            if (type.ContainingType != null)
            {
                return MetadataName(type.ContainingType) + "+" + type.MetadataName;
            }

            return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.MetadataName : type.MetadataName;
        }

        /// <summary>
        /// Whether <paramref name="name"/> is a member of <paramref name="type"/> (or of its bases) that <paramref name="kind"/>
        /// accepts: the syntax-only selections tell this object's names from a parameter's or another object's by it.
        /// </summary>
        public static bool IsMemberName(INamedTypeSymbol type, string name, bool inBases, Func<ISymbol, bool>? kind = null)
        {
            for (INamedTypeSymbol? current = type; current != null; current = inBases ? current.BaseType : null)
            {
                foreach (var member in current.GetMembers(name))
                {
                    if (kind == null || kind(member))
                    {
                        return true;
                    }
                }
            }

            return false;
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
