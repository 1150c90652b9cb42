namespace Coordi.Core.Application.Errors;

/// <summary>An outside service the request needs (e.g. Twilio's REST API) could not be reached or failed on its side; a retry may succeed.</summary>
public sealed class DependencyUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
