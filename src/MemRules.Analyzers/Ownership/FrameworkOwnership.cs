using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>
    /// What methods of referenced assemblies do with the resources they are given or return, as data: a
    /// method from a referenced assembly borrows its arguments (it writes to the stream, signals the wait
    /// handle, reads the reader) unless an entry below says it takes them, and its result is not the
    /// caller's unless it is named like a factory or listed here. Each entry says why. Users add entries
    /// with <c>memrules.owned_factory_methods</c> and <c>memrules.ownership_transfer_methods</c>.
    /// </summary>
    internal static class FrameworkOwnership
    {
        /// <summary>Methods not named <c>Create*</c>/<c>Open*</c> whose result the caller must dispose, by <c>Type.Method</c>.</summary>
        private static readonly ImmutableDictionary<string, string> OwnedResults = ImmutableDictionary.CreateRange(StringComparer.Ordinal, new[]
        {
            Entry("System.Diagnostics.Process.Start", "a started process's handle"),
            Entry("System.Net.Sockets.TcpListener.AcceptTcpClient", "an accepted connection"),
            Entry("System.Net.Sockets.TcpListener.AcceptTcpClientAsync", "an accepted connection"),
            Entry("System.Net.Sockets.TcpListener.AcceptSocket", "an accepted connection"),
            Entry("System.Net.Sockets.TcpListener.AcceptSocketAsync", "an accepted connection"),
            Entry("System.Net.Sockets.Socket.Accept", "an accepted connection"),
            Entry("System.Net.Sockets.Socket.AcceptAsync", "an accepted connection"),
            Entry("System.Net.WebRequest.GetResponse", "the response holds the connection"),
            Entry("System.Net.WebRequest.GetResponseAsync", "the response holds the connection"),
            Entry("System.Net.Http.HttpClient.GetAsync", "the response holds the connection until disposed"),
            Entry("System.Net.Http.HttpClient.SendAsync", "the response holds the connection until disposed"),
            Entry("System.Net.Http.HttpClient.PostAsync", "the response holds the connection until disposed"),
            Entry("System.Net.Http.HttpClient.PutAsync", "the response holds the connection until disposed"),
            Entry("System.Net.Http.HttpClient.PatchAsync", "the response holds the connection until disposed"),
            Entry("System.Net.Http.HttpClient.DeleteAsync", "the response holds the connection until disposed"),
            Entry("System.Net.Http.HttpMessageInvoker.SendAsync", "the response holds the connection until disposed"),
            Entry("System.IO.File.AppendText", "a new writer over an open file"),
            Entry("System.IO.FileInfo.AppendText", "a new writer over an open file"),
            Entry("System.Data.Common.DbCommand.ExecuteReader", "the reader holds the connection busy"),
            Entry("System.Data.Common.DbCommand.ExecuteReaderAsync", "the reader holds the connection busy"),
            Entry("System.Data.Common.DbConnection.BeginTransaction", "an open transaction"),
            Entry("System.Data.Common.DbConnection.BeginTransactionAsync", "an open transaction"),
            Entry("System.Buffers.MemoryPool`1.Rent", "a rented buffer goes back to the pool on Dispose"),
            Entry("System.Diagnostics.ActivitySource.StartActivity", "the activity stays current until disposed"),
            Entry("Microsoft.Extensions.Logging.ILogger.BeginScope", "the scope stays active until disposed"),
        });

        /// <summary>The methods' simple names of <see cref="OwnedResults"/>, each with the simple names of its types, for the syntactic candidate filter.</summary>
        private static readonly ImmutableDictionary<string, ImmutableArray<string>> OwnedResultTypesByName = TypesByMethodName(OwnedResults);

        /// <summary>Methods that take ownership of a disposable argument, by <c>Type.Method</c>: they store it or dispose it later.</summary>
        private static readonly ImmutableDictionary<string, string> Takers = ImmutableDictionary.CreateRange(StringComparer.Ordinal, new[]
        {
            Entry("System.Threading.Interlocked.Exchange", "stores the value in the location"),
            Entry("System.Threading.Interlocked.CompareExchange", "stores the value in the location"),
            Entry("System.Threading.Volatile.Write", "stores the value in the location"),
            Entry("System.Threading.Tasks.Task.FromResult", "the task returns it"),
            Entry("System.Threading.Tasks.ValueTask.FromResult", "the task returns it"),
            Entry("System.Threading.Tasks.TaskCompletionSource`1.SetResult", "the task returns it"),
            Entry("System.Threading.Tasks.TaskCompletionSource`1.TrySetResult", "the task returns it"),
            Entry("System.Tuple.Create", "the tuple holds it"),
            Entry("System.ValueTuple.Create", "the tuple holds it"),
            Entry("System.Collections.Generic.KeyValuePair.Create", "the pair holds it"),
            Entry("System.Console.SetOut", "the console keeps the writer"),
            Entry("System.Console.SetError", "the console keeps the writer"),
            Entry("System.Console.SetIn", "the console keeps the reader"),
            Entry("System.Threading.ThreadPool.QueueUserWorkItem", "the work item receives it as its state"),
            Entry("System.Threading.ThreadPool.UnsafeQueueUserWorkItem", "the work item receives it as its state"),
            Entry("System.Threading.SynchronizationContext.Post", "the callback receives it as its state"),
            Entry("System.Threading.Thread.Start", "the thread receives it as its parameter"),
            Entry("System.Threading.Channels.ChannelWriter`1.TryWrite", "the channel holds it for its reader"),
            Entry("System.Threading.Channels.ChannelWriter`1.WriteAsync", "the channel holds it for its reader"),
            Entry("Microsoft.AspNetCore.Http.HttpResponse.RegisterForDispose", "the response disposes it at the end of the request"),
            Entry("Microsoft.AspNetCore.Http.HttpResponse.RegisterForDisposeAsync", "the response disposes it at the end of the request"),
        });

        /// <summary>Constructor parameters that a disposable wrapper does not own, by <c>Type</c> and parameter name.</summary>
        private static readonly ImmutableDictionary<string, string> BorrowedConstructorParameters = ImmutableDictionary.CreateRange(StringComparer.Ordinal, new[]
        {
            Entry("System.Security.Cryptography.CryptoStream(transform)", "CryptoStream never disposes its transform"),
            Entry("System.Net.Sockets.NetworkStream(socket)", "NetworkStream owns its socket only with ownsSocket: true"),
        });

        /// <summary>Methods whose disposable result works without its receiver, by <c>Type.Method</c>: keeping the result keeps nothing of the receiver alive.</summary>
        private static readonly ImmutableDictionary<string, string> IndependentResults = ImmutableDictionary.CreateRange(StringComparer.Ordinal, new[]
        {
            Entry("System.Security.Cryptography.SymmetricAlgorithm.CreateEncryptor", "the transform copies the key; the algorithm can be disposed at once"),
            Entry("System.Security.Cryptography.SymmetricAlgorithm.CreateDecryptor", "the transform copies the key; the algorithm can be disposed at once"),
        });

        /// <summary>Names of the methods of collections and containers that store what they are given.</summary>
        private static readonly ImmutableHashSet<string> StoringMethods = ImmutableHashSet.Create(
            StringComparer.Ordinal,
            "Add", "AddRange", "Insert", "InsertRange", "Push", "PushRange", "Enqueue", "TryAdd", "GetOrAdd", "AddOrUpdate",
            "TryUpdate", "AddFirst", "AddLast", "AddBefore", "AddAfter", "Set", "SetItem", "SetValue", "Post", "SendAsync",
            "Register", "Attach", "Append", "Prepend", "Return");

        /// <summary>
        /// Names of <see cref="OwnedResults"/> too common to mean one by themselves (<c>thread.Start()</c>,
        /// <c>ArrayPool&lt;byte&gt;.Shared.Rent(n)</c>): the syntactic filter counts them only where the receiver names
        /// the entry's type (<c>Process.Start</c>, <c>MemoryPool&lt;byte&gt;.Shared.Rent</c>).
        /// </summary>
        private static readonly ImmutableHashSet<string> CommonNames = ImmutableHashSet.Create(StringComparer.Ordinal, "Start", "Rent");

        /// <summary>
        /// For the syntactic candidate filter: a call of this name may be one of <see cref="OwnedResults"/>;
        /// <paramref name="receiverNames"/> says whether the receiver's syntax names a given type.
        /// </summary>
        public static bool MayReturnOwned(string methodName, Func<string, bool> receiverNames)
        {
            if (!OwnedResultTypesByName.TryGetValue(methodName, out var types))
            {
                return false;
            }

            return !CommonNames.Contains(methodName) || types.Any(receiverNames);
        }

        /// <summary>Whether the disposable a call of <paramref name="method"/> returns lives on its own, not as part of its receiver.</summary>
        public static bool ResultIsIndependent(IMethodSymbol method)
        {
            for (var current = method; current != null; current = current.OverriddenMethod)
            {
                if (IndependentResults.ContainsKey(Key(current)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether a call of <paramref name="method"/> (from a referenced assembly) hands the caller ownership of its result.</summary>
        public static bool ReturnsOwned(IMethodSymbol method) =>
            OwnedResults.ContainsKey(Key(method)) ||
            (method.ReducedFrom != null && OwnedResults.ContainsKey(Key(method.ReducedFrom)));

        /// <summary>
        /// Whether a method from a referenced assembly takes ownership of the resource passed as
        /// <paramref name="argument"/>: listed takers; a <c>state</c> parameter (the callback receives it);
        /// methods of collections and containers that store it (<c>Add</c>, <c>Enqueue</c>, <c>TryWrite</c>,
        /// <c>CompositeDisposable.Add</c>); methods whose name says they dispose what they get (<c>RegisterForDispose</c>).
        /// </summary>
        public static bool TakesArgument(IMethodSymbol method, IArgumentOperation argument, MemRulesOptions options)
        {
            var definition = method.ReducedFrom ?? method;
            var key = Key(definition);
            if (Takers.ContainsKey(key) || options.OwnershipTransferMethods.Contains(SymbolNames.FullName(definition)) ||
                argument.Parameter?.Name is "state" or "userState" or "parameter" ||
                definition.Name.IndexOf("Dispose", StringComparison.Ordinal) >= 0)
            {
                return true;
            }

            // A collection or container that keeps what it is given (its receiver, or the first argument of an extension).
            var container = definition.IsExtensionMethod ? definition.Parameters.Length > 0 ? definition.Parameters[0].Type : null : method.ContainingType;
            return StoringMethods.Contains(definition.Name) && container != null && IsContainer(container);
        }

        /// <summary>
        /// Whether a disposable wrapper's constructor owns the resource passed as <paramref name="argument"/>:
        /// yes, unless <c>leaveOpen: true</c> / <c>keepOpen: true</c> / <c>leaveInnerStreamOpen: true</c> /
        /// <c>disposeHandler: false</c> says otherwise, or the parameter is one it never disposes.
        /// </summary>
        public static bool WrapperTakes(IObjectCreationOperation creation, IArgumentOperation argument)
        {
            if (OwnershipTransfer.WrapperLeavesOpen(creation))
            {
                return false;
            }

            if (creation.Type is INamedTypeSymbol type && argument.Parameter is { } parameter &&
                BorrowedConstructorParameters.ContainsKey(SymbolNames.FullName(type) + "(" + parameter.Name + ")"))
            {
                // NetworkStream(socket, ownsSocket: true) does own it.
                return OwnsFlag(creation);
            }

            return true;
        }

        private static bool OwnsFlag(IObjectCreationOperation creation)
        {
            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter?.Name is { } name && name.StartsWith("owns", StringComparison.OrdinalIgnoreCase) &&
                    argument.Value.ConstantValue is { HasValue: true, Value: true })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A collection (anything enumerable) or a disposable container of disposables (<c>CompositeDisposable</c>).</summary>
        private static bool IsContainer(ITypeSymbol type)
        {
            foreach (var implemented in type.AllInterfaces)
            {
                if (implemented.SpecialType == SpecialType.System_Collections_IEnumerable || implemented.Name == "IDisposable")
                {
                    return true;
                }
            }

            return type.SpecialType == SpecialType.System_Collections_IEnumerable;
        }

        private static string Key(IMethodSymbol method) =>
            method.ContainingType == null ? method.Name : SymbolNames.MetadataName(method.ContainingType.OriginalDefinition) + "." + method.Name;

        private static System.Collections.Generic.KeyValuePair<string, string> Entry(string key, string reason) =>
            new System.Collections.Generic.KeyValuePair<string, string>(key, reason);

        /// <summary><c>System.Buffers.MemoryPool`1.Rent</c> gives Rent → [MemoryPool].</summary>
        private static ImmutableDictionary<string, ImmutableArray<string>> TypesByMethodName(ImmutableDictionary<string, string> entries)
        {
            var byName = new System.Collections.Generic.Dictionary<string, ImmutableArray<string>.Builder>(StringComparer.Ordinal);
            foreach (var key in entries.Keys)
            {
                int dot = key.LastIndexOf('.');
                var method = key.Substring(dot + 1);
                var type = key.Substring(key.LastIndexOf('.', dot - 1) + 1, dot - key.LastIndexOf('.', dot - 1) - 1);
                int tick = type.IndexOf('`');
                if (!byName.TryGetValue(method, out var types))
                {
                    byName.Add(method, types = ImmutableArray.CreateBuilder<string>());
                }

                types.Add(tick < 0 ? type : type.Substring(0, tick));
            }

            return byName.ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutable(), StringComparer.Ordinal);
        }
    }
}
