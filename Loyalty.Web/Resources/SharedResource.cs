namespace Loyalty.Web.Resources;

/// <summary>
/// The marker type of the UI strings: <c>SharedResource.resx</c> is Russian (the default),
/// <c>SharedResource.en.resx</c> English.
/// </summary>
public sealed class SharedResource;
