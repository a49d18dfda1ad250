using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>
    /// Test classes, whose instances the test framework creates for one test (xunit, MSTest) or one fixture's
    /// tests (NUnit) and drops afterwards: a class marked <c>[TestFixture]</c> or <c>[TestClass]</c>, or one that
    /// declares a method marked <c>[Fact]</c>, <c>[Theory]</c>, <c>[Test]</c>, <c>[TestCase]</c>, <c>[TestCaseSource]</c>,
    /// <c>[TestMethod]</c> or <c>[DataTestMethod]</c>. Recognised by the attributes' names in the syntax — no
    /// package dependency, nothing bound.
    /// </summary>
    internal static class TestClasses
    {
        public static bool IsTestClass(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration)
                {
                    continue;
                }

                if (HasAttribute(declaration.AttributeLists, isClass: true))
                {
                    return true;
                }

                foreach (var member in declaration.Members)
                {
                    if (member is MethodDeclarationSyntax method && HasAttribute(method.AttributeLists, isClass: false))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool HasAttribute(SyntaxList<AttributeListSyntax> lists, bool isClass)
        {
            foreach (var list in lists)
            {
                foreach (var attribute in list.Attributes)
                {
                    var name = attribute.Name switch
                    {
                        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
                        SimpleNameSyntax simple => simple.Identifier.ValueText,
                        _ => string.Empty,
                    };
                    if (name.EndsWith("Attribute", System.StringComparison.Ordinal))
                    {
                        name = name.Substring(0, name.Length - "Attribute".Length);
                    }

                    if (isClass ? name is "TestFixture" or "TestClass"
                                : name is "Fact" or "Theory" or "Test" or "TestCase" or "TestCaseSource" or "TestMethod" or "DataTestMethod")
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
