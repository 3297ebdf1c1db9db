namespace Loyalty.Tests.Web.Sandbox;

/// <summary>
/// A portal only read from: 2,501 contacts, 50 leads and 51 deals put the paging edges (one page, one row over
/// a page, many pages) into generated data, so no test has to create rows another test would count.
/// </summary>
public sealed class ReadSandbox() : SandboxPortal(new Dictionary<string, string?>
{
    ["Sandbox:Company:Contacts"] = "2501",
    ["Sandbox:Company:Leads"] = "50",
    ["Sandbox:Company:Deals"] = "51",
    ["Sandbox:Company:Activities"] = "300",
    ["Sandbox:Company:Tasks"] = "120",
});

/// <summary>A portal the write tests change freely.</summary>
public sealed class WriteSandbox() : SandboxPortal(new Dictionary<string, string?>
{
    ["Sandbox:Company:Deals"] = "60",
    ["Sandbox:Company:Contacts"] = "60",
});
