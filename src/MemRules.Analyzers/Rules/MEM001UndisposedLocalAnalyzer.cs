using System.Collections.Generic;
using System.Collections.Immutable;
using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Rules
{
    /// <summary>
    /// MEM001: a disposable that a method creates and keeps in a local is never released nor handed on.
    /// This first version is flow-insensitive: any release or escape anywhere in the method silences it.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MEM001UndisposedLocalAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.MEM001NeverReleased, Descriptors.MEM001NotOnEveryPath);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var known = KnownSymbols.TryCreate(start.Compilation);
                if (known == null)
                {
                    return;
                }

                var options = new MemRulesOptions.Cache(start.Options);
                start.RegisterOperationAction(
                    c => AnalyzeDeclarator(c, known, options),
                    OperationKind.VariableDeclarator);
                start.RegisterOperationAction(
                    c => AnalyzeDiscarded(c, known, options),
                    OperationKind.ExpressionStatement);
            });
        }

        private static void AnalyzeDiscarded(OperationAnalysisContext context, KnownSymbols known, MemRulesOptions.Cache cache)
        {
            var statement = (IExpressionStatementOperation)context.Operation;
            var value = statement.Operation;
            if (value is IObjectCreationOperation or IInvocationOperation &&
                ResourceCreation.IsOwnedCreation(value, known, cache.For(statement.Syntax.SyntaxTree), out var type))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.MEM001NeverReleased, value.Syntax.GetLocation(), type!.Name));
            }
        }

        private static void AnalyzeDeclarator(OperationAnalysisContext context, KnownSymbols known, MemRulesOptions.Cache cache)
        {
            var declarator = (IVariableDeclaratorOperation)context.Operation;
            var initializer = declarator.Initializer?.Value;
            if (initializer == null || IsUsingDeclaration(declarator))
            {
                return;
            }

            if (!ResourceCreation.IsOwnedCreation(initializer, known, cache.For(declarator.Syntax.SyntaxTree), out _))
            {
                return;
            }

            var root = GetBodyRoot(declarator);
            if (root == null || !IsOnlyUsedLocally(root, declarator.Symbol, context.CancellationToken))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.MEM001NeverReleased, Operations.StripConversions(initializer)!.Syntax.GetLocation(), declarator.Symbol.Name));
        }

        private static bool IsUsingDeclaration(IVariableDeclaratorOperation declarator)
        {
            for (IOperation? parent = declarator.Parent; parent != null; parent = parent.Parent)
            {
                switch (parent)
                {
                    case IVariableDeclarationOperation:
                        continue;
                    case IVariableDeclarationGroupOperation group:
                        return group.Parent is IUsingDeclarationOperation or IUsingOperation;
                    case IUsingOperation:
                        return true;
                    default:
                        return false;
                }
            }

            return false;
        }

        private static IOperation? GetBodyRoot(IOperation operation)
        {
            IOperation? root = null;
            for (var current = operation; current != null; current = current.Parent)
            {
                root = current;
            }

            return root;
        }

        /// <summary>True when every use of <paramref name="local"/> reads a member of it and none releases or hands it on.</summary>
        private static bool IsOnlyUsedLocally(IOperation root, ILocalSymbol local, System.Threading.CancellationToken cancellationToken)
        {
            foreach (var operation in root.Descendants())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (operation is ILocalReferenceOperation reference &&
                    SymbolEqualityComparer.Default.Equals(reference.Local, local) &&
                    !IsMemberAccessReceiver(reference))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsMemberAccessReceiver(ILocalReferenceOperation reference)
        {
            switch (reference.Parent)
            {
                case IInvocationOperation invocation when invocation.Instance == reference:
                    // A release, or a fluent call whose result is kept, ends the tracking here.
                    return !Cleanup.IsReleaseMethod(invocation.TargetMethod) &&
                           (invocation.Parent is IExpressionStatementOperation || !SymbolEqualityComparer.Default.Equals(invocation.Type, reference.Type));
                case IPropertyReferenceOperation property when property.Instance == reference:
                    return property.Parent is not ISimpleAssignmentOperation assignment || assignment.Target != property || !IsSelf(assignment.Value, reference);
                case IFieldReferenceOperation field when field.Instance == reference:
                case IEventReferenceOperation @event when @event.Instance == reference:
                    return true;
                default:
                    return false;
            }
        }

        private static bool IsSelf(IOperation value, ILocalReferenceOperation reference) =>
            Operations.StripConversions(value) is ILocalReferenceOperation other && SymbolEqualityComparer.Default.Equals(other.Local, reference.Local);
    }
}
