using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>
    /// Which methods of a type are its disposal: <c>Dispose()</c>, <c>Dispose(bool)</c>, <c>DisposeAsync()</c>,
    /// <c>DisposeAsyncCore()</c>, explicit implementations of IDisposable/IAsyncDisposable, and a
    /// <c>Close()</c> override (Stream, TextWriter and friends dispose through Close); and where a type releases
    /// what it owns, which also counts a test framework's cleanup methods.
    /// </summary>
    internal static class DisposeMethods
    {
        /// <summary>
        /// Cleanup methods that a test (or benchmark) framework calls after the tests of a class, recognised by
        /// attribute name so that no framework is a dependency: NUnit <c>[TearDown]</c>, <c>[OneTimeTearDown]</c>;
        /// MSTest <c>[TestCleanup]</c>, <c>[ClassCleanup]</c>, <c>[AssemblyCleanup]</c>; BenchmarkDotNet
        /// <c>[GlobalCleanup]</c>, <c>[IterationCleanup]</c>. xunit disposes its test classes and fixtures through
        /// IDisposable and IAsyncLifetime's <c>DisposeAsync()</c>, which are dispose methods already.
        /// </summary>
        internal static readonly System.Collections.Immutable.ImmutableHashSet<string> CleanupAttributeNames =
            System.Collections.Immutable.ImmutableHashSet.Create(
                System.StringComparer.Ordinal,
                "TearDown", "OneTimeTearDown",
                "TestCleanup", "ClassCleanup", "AssemblyCleanup",
                "GlobalCleanup", "IterationCleanup");

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
        /// Where a type releases what it owns: its declared dispose methods, overridden release hooks that
        /// a base class's Dispose calls (<c>OnDispose</c>, <c>CloseTarget</c>, <c>Release</c>, <c>Shutdown</c>, <c>StopCore</c>),
        /// and the cleanup methods a test framework calls (<see cref="CleanupAttributeNames"/>), in every project.
        /// </summary>
        public static List<IMethodSymbol> ReleaseRoots(INamedTypeSymbol type)
        {
            var roots = new List<IMethodSymbol>(Declared(type));
            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol method && !method.IsAbstract &&
                    ((method.IsOverride && IsReleaseHookName(method.Name)) || IsTestCleanup(method)))
                {
                    roots.Add(method);
                }
            }

            return roots;
        }

        /// <summary>A method a test framework calls to clean up after tests (<see cref="CleanupAttributeNames"/>).</summary>
        public static bool IsTestCleanup(IMethodSymbol method) =>
            method.MethodKind == MethodKind.Ordinary && TestCode.HasAttributeIn(method, CleanupAttributeNames);

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
            var parameters = new System.Text.StringBuilder();
            foreach (var parameter in method.Parameters)
            {
                parameters.Append(parameters.Length == 0 ? string.Empty : ", ").Append(parameter.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
            }

            return name + "(" + parameters + ")";
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
