using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>
    /// Which methods of a type are its disposal: <c>Dispose()</c>, <c>Dispose(bool)</c>, <c>DisposeAsync()</c>,
    /// <c>DisposeAsyncCore()</c>, explicit implementations of IDisposable/IAsyncDisposable, and a
    /// <c>Close()</c> override (Stream, TextWriter and friends dispose through Close).
    /// </summary>
    internal static class DisposeMethods
    {
        public static bool IsDisposeMethod(IMethodSymbol method)
        {
            if (method.IsStatic || method.MethodKind is not (MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation))
            {
                return false;
            }

            var name = method.MethodKind == MethodKind.ExplicitInterfaceImplementation && method.ExplicitInterfaceImplementations.Length == 1
                ? method.ExplicitInterfaceImplementations[0].Name
                : method.Name;
            switch (name)
            {
                case "Dispose":
                    return method.Parameters.Length == 0 ||
                           (method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_Boolean);
                case "DisposeAsync":
                case "DisposeAsyncCore":
                    return method.Parameters.Length == 0;
                case "Close":
                    return method.Parameters.Length == 0 && method.IsOverride;
                default:
                    return false;
            }
        }

        /// <summary>
        /// Where a type releases what it owns: its declared dispose methods, and overridden release hooks that
        /// a base class's Dispose calls (<c>OnDispose</c>, <c>CloseTarget</c>, <c>Release</c>, <c>Shutdown</c>, <c>StopCore</c>).
        /// </summary>
        public static List<IMethodSymbol> ReleaseRoots(INamedTypeSymbol type)
        {
            var roots = new List<IMethodSymbol>(Declared(type));
            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol { IsOverride: true } hook && IsReleaseHookName(hook.Name))
                {
                    roots.Add(hook);
                }
            }

            return roots;
        }

        private static bool IsReleaseHookName(string name) =>
            name.IndexOf("Dispose", System.StringComparison.Ordinal) >= 0 ||
            name.IndexOf("Close", System.StringComparison.Ordinal) >= 0 ||
            name.IndexOf("Release", System.StringComparison.Ordinal) >= 0 ||
            name.IndexOf("Shutdown", System.StringComparison.Ordinal) >= 0 ||
            name.IndexOf("Stop", System.StringComparison.Ordinal) >= 0;

        /// <summary>How a dispose method is shown in messages: <c>Dispose()</c>, <c>Dispose(bool)</c>, ...</summary>
        public static string Display(IMethodSymbol method)
        {
            var name = method.MethodKind == MethodKind.ExplicitInterfaceImplementation && method.ExplicitInterfaceImplementations.Length == 1
                ? method.ExplicitInterfaceImplementations[0].Name
                : method.Name;
            return method.Parameters.Length == 1 ? name + "(bool)" : name + "()";
        }

        /// <summary>
        /// The dispose methods a type declares itself; an empty result when it only inherits them.
        /// </summary>
        public static System.Collections.Immutable.ImmutableArray<IMethodSymbol> Declared(INamedTypeSymbol type)
        {
            var builder = System.Collections.Immutable.ImmutableArray.CreateBuilder<IMethodSymbol>();
            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol method && IsDisposeMethod(method) && !method.IsAbstract)
                {
                    builder.Add(method);
                }
            }

            return builder.ToImmutable();
        }
    }
}
