using System.Net;
using System.Text.Json;
using Loyalty.Tests.Sandbox;
using Microsoft.Data.Sqlite;

namespace Loyalty.Tests.Web.Sandbox;

/// <summary>User fields across restarts, older sandbox files, and a webhook whose user is not an administrator.</summary>
public sealed class SandboxUserFieldLifeTests
{
    [Fact]
    public async Task TheDemoCompanyStartsWithoutUserFields()
    {
        await using var portal = new SandboxPortal();

        foreach (var entity in new[] { "contact", "deal", "lead" })
        {
            var fields = await portal.GetAsync($"crm.{entity}.userfield.list");
            Assert.Empty(fields.Result.EnumerateArray());
            // An empty filter or order, as a form sends "nothing", is no filter.
            Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync($"crm.{entity}.userfield.list", "filter=&order=")).Status);
        }

        var contact = (await portal.GetAsync("crm.contact.list", "select[]=*&select[]=UF_*")).Result[0];
        Assert.DoesNotContain(contact.EnumerateObject(), p => p.Name.StartsWith("UF_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FieldsAndTheirValuesSurviveARestart()
    {
        var folder = Directory.CreateTempSubdirectory("loyalty-sandbox-uf-").FullName;
        try
        {
            long fieldId;
            await using (var before = new SandboxPortal(folder: folder))
            {
                fieldId = await before.AddUserFieldAsync("contact", "LOY_TIER");
                await before.PostFormAsync("crm.contact.update", "id=2&fields[UF_CRM_LOY_TIER]=Gold");
            }

            await using var after = new SandboxPortal(folder: folder);
            var field = (await after.GetAsync("crm.contact.userfield.get", $"id={fieldId}")).Result;
            Assert.Equal("UF_CRM_LOY_TIER", field.GetProperty("FIELD_NAME").GetString());
            Assert.Equal("Gold", (await after.GetAsync("crm.contact.get", "id=2")).Result.GetProperty("UF_CRM_LOY_TIER").GetString());
            // Ids go on after the restart.
            Assert.True(await after.AddUserFieldAsync("contact", "LOY_NEXT") > fieldId);
        }
        finally
        {
            SandboxPortal.DeleteFolder(folder);
        }
    }

    [Fact]
    public async Task ValuesAnOlderFileKeptForUndefinedFieldsAreDroppedWhenItLoads()
    {
        var folder = Directory.CreateTempSubdirectory("loyalty-sandbox-old-").FullName;
        try
        {
            await using (var before = new SandboxPortal(folder: folder))
            {
                Assert.Equal(HttpStatusCode.OK, (await before.GetAsync("crm.deal.get", "id=4")).Status);
            }

            // What a sandbox of an earlier version wrote: any UF_* a client sent, stored on the record, and no userfields table.
            using (var file = new SqliteConnection($"Data Source={Path.Combine(folder, "sandbox.db")};Pooling=false"))
            {
                file.Open();
                using var command = file.CreateCommand();
                command.CommandText = """
                    UPDATE deals SET doc = json_set(doc, '$."$uf"', json('{"UF_CRM_LOY_REDEEM":"500"}')) WHERE id = 4;
                    DROP TABLE userfields;
                    """;
                command.ExecuteNonQuery();
            }

            await using (var after = new SandboxPortal(folder: folder))
            {
                Assert.False((await after.GetAsync("crm.deal.get", "id=4")).Result.TryGetProperty("UF_CRM_LOY_REDEEM", out _));
                // Creating the field later does not bring the old value back: the portal never had a column for it.
                await after.AddUserFieldAsync("deal", "LOY_REDEEM");
                Assert.Equal(JsonValueKind.Null, (await after.GetAsync("crm.deal.get", "id=4")).Result.GetProperty("UF_CRM_LOY_REDEEM").ValueKind);
            }

            await using var again = new SandboxPortal(folder: folder);
            Assert.Equal(JsonValueKind.Null, (await again.GetAsync("crm.deal.get", "id=4")).Result.GetProperty("UF_CRM_LOY_REDEEM").ValueKind);
        }
        finally
        {
            SandboxPortal.DeleteFolder(folder);
        }
    }

    [Fact]
    public async Task AWebhookOfAUserWhoIsNotAnAdministratorReadsFieldsButCannotChangeThem()
    {
        var folder = Directory.CreateTempSubdirectory("loyalty-sandbox-user-").FullName;
        try
        {
            long fieldId;
            await using (var admin = new SandboxPortal(folder: folder))
            {
                fieldId = await admin.AddUserFieldAsync("deal", "LOY_REDEEM", "double");
            }

            await using var user = new SandboxPortal(new Dictionary<string, string?> { ["Sandbox:WebhookUserIsAdmin"] = "false" }, folder);
            var refusals = new[]
            {
                await user.PostFormAsync("crm.deal.userfield.add", "fields[FIELD_NAME]=LOY_OTHER&fields[USER_TYPE_ID]=double"),
                await user.PostFormAsync("crm.deal.userfield.update", $"id={fieldId}&fields[MANDATORY]=Y"),
                await user.GetAsync("crm.deal.userfield.delete", $"id={fieldId}"),
            };

            Assert.All(refusals, refused =>
            {
                Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
                Assert.Equal("", refused.Error);
                Assert.Equal("Access denied.", refused.ErrorDescription);
            });
            Assert.Equal("UF_CRM_LOY_REDEEM", Assert.Single((await user.GetAsync("crm.deal.userfield.list")).Result.EnumerateArray()).GetProperty("FIELD_NAME").GetString());
            Assert.Equal("N", (await user.GetAsync("crm.deal.userfield.get", $"id={fieldId}")).Result.GetProperty("MANDATORY").GetString());
        }
        finally
        {
            SandboxPortal.DeleteFolder(folder);
        }
    }
}
