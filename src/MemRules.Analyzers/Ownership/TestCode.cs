using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>
    /// Which code is a test: the members of a test class, a type that declares or inherits a test method or is
    /// marked as a fixture. Test frameworks are recognised by attribute name (xunit, NUnit, MSTest, and
    /// attributes derived from theirs), so none of them is a dependency. One instance lives for one compilation.
    /// </summary>
    internal sealed class TestCode
    {
        /// <summary>Attributes that make a method a test, or a type a test class (names without the Attribute suffix).</summary>
        internal static readonly ImmutableHashSet<string> TestAttributeNames = ImmutableHashSet.Create(
            StringComparer.Ordinal,
            "Fact", "Theory",                                          // xunit
            "Test", "TestCase", "TestCaseSource", "TestFixture",       // NUnit (Theory too)
            "TestMethod", "DataTestMethod", "TestClass");              // MSTest

        private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _testClasses =
            new ConcurrentDictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default);

        private readonly Func<INamedTypeSymbol, bool> _computeIsTestClass;

        public TestCode() => _computeIsTestClass = ComputeIsTestClass;

        /// <summary>True when <paramref name="member"/> (a method, lambda, accessor, field) is in a test class or a type nested in one.</summary>
        public bool Contains(ISymbol? member)
        {
            for (var type = member?.ContainingType; type != null; type = type.ContainingType)
            {
                if (IsTestClass(type))
                {
                    return true;
                }
            }

            return false;
        }

        public bool IsTestClass(INamedTypeSymbol type) => _testClasses.GetOrAdd(type.OriginalDefinition, _computeIsTestClass);

        private bool ComputeIsTestClass(INamedTypeSymbol type)
        {
            if (HasAttributeIn(type, TestAttributeNames))
            {
                return true;
            }

            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method && HasAttributeIn(method, TestAttributeNames))
                {
                    return true;
                }
            }

            // An abstract base with the tests, or a fixture base class, makes its derived classes test classes.
            return type.BaseType is { SpecialType: SpecialType.None } baseType && baseType.TypeKind == TypeKind.Class && IsTestClass(baseType);
        }

        /// <summary>
        /// True when one of the symbol's attributes is named in <paramref name="names"/> (with or without the
        /// Attribute suffix), or derives from one that is (<c>[SkippableFact]</c>, <c>[WpfFact]</c>).
        /// </summary>
        public static bool HasAttributeIn(ISymbol symbol, ImmutableHashSet<string> names)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                for (var type = attribute.AttributeClass; type != null && type.SpecialType == SpecialType.None; type = type.BaseType)
                {
                    if (names.Contains(WithoutSuffix(type.Name)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static string WithoutSuffix(string name) =>
            name.EndsWith("Attribute", StringComparison.Ordinal) && name.Length > "Attribute".Length
                ? name.Substring(0, name.Length - "Attribute".Length)
                : name;
    }
}
