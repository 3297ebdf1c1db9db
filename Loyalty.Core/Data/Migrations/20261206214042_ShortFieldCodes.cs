using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ShortFieldCodes : Migration
    {
        /// <summary>
        /// The old default field codes (UF_CRM_LOYALTY_BALANCE, 22 characters) cannot exist in Bitrix24, where a name is at
        /// most 20 characters: saved bonus settings versions that still name one get the registry's name instead
        /// (UF_CRM_LOY_BALANCE). Only the exact setting-and-value pairs as BonusSettingsStore writes them (web JSON,
        /// camelCase, unindented) are replaced; an administrator's own code, and every other text, stays as it was. Unsent
        /// write-backs naming an old field are moved to the new name.
        /// </summary>
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                UPDATE "BonusSettingsVersions" SET "Json" = REPLACE("Json", '"contactBalanceField":"UF_CRM_LOYALTY_BALANCE"', '"contactBalanceField":"UF_CRM_LOY_BALANCE"') WHERE instr("Json", '"contactBalanceField":"UF_CRM_LOYALTY_BALANCE"') > 0;
                UPDATE "BonusSettingsVersions" SET "Json" = REPLACE("Json", '"contactTierField":"UF_CRM_LOYALTY_TIER"', '"contactTierField":"UF_CRM_LOY_TIER"') WHERE instr("Json", '"contactTierField":"UF_CRM_LOYALTY_TIER"') > 0;
                UPDATE "BonusSettingsVersions" SET "Json" = REPLACE("Json", '"contactPercentField":"UF_CRM_LOYALTY_PERCENT"', '"contactPercentField":"UF_CRM_LOY_PERCENT"') WHERE instr("Json", '"contactPercentField":"UF_CRM_LOYALTY_PERCENT"') > 0;
                UPDATE "BonusSettingsVersions" SET "Json" = REPLACE("Json", '"dealRedeemField":"UF_CRM_LOYALTY_REDEEM"', '"dealRedeemField":"UF_CRM_LOY_REDEEM"') WHERE instr("Json", '"dealRedeemField":"UF_CRM_LOYALTY_REDEEM"') > 0;
                UPDATE "BonusSettingsVersions" SET "Json" = REPLACE("Json", '"dealRedeemedField":"UF_CRM_LOYALTY_REDEEMED"', '"dealRedeemedField":"UF_CRM_LOY_REDEEMED"') WHERE instr("Json", '"dealRedeemedField":"UF_CRM_LOYALTY_REDEEMED"') > 0;
                """);
            // Writes still waiting under an old name could never go out (no portal can have that field): they are
            // moved to the new name too. Quoted, so UF_CRM_LOYALTY_REDEEM does not touch UF_CRM_LOYALTY_REDEEMED.
            migrationBuilder.Sql("""
                UPDATE "CrmWriteBacks" SET "Parameters" = REPLACE("Parameters", '"UF_CRM_LOYALTY_BALANCE"', '"UF_CRM_LOY_BALANCE"') WHERE "SentAt" IS NULL AND instr("Parameters", '"UF_CRM_LOYALTY_BALANCE"') > 0;
                UPDATE "CrmWriteBacks" SET "Parameters" = REPLACE("Parameters", '"UF_CRM_LOYALTY_TIER"', '"UF_CRM_LOY_TIER"') WHERE "SentAt" IS NULL AND instr("Parameters", '"UF_CRM_LOYALTY_TIER"') > 0;
                UPDATE "CrmWriteBacks" SET "Parameters" = REPLACE("Parameters", '"UF_CRM_LOYALTY_PERCENT"', '"UF_CRM_LOY_PERCENT"') WHERE "SentAt" IS NULL AND instr("Parameters", '"UF_CRM_LOYALTY_PERCENT"') > 0;
                UPDATE "CrmWriteBacks" SET "Parameters" = REPLACE("Parameters", '"UF_CRM_LOYALTY_REDEEM"', '"UF_CRM_LOY_REDEEM"') WHERE "SentAt" IS NULL AND instr("Parameters", '"UF_CRM_LOYALTY_REDEEM"') > 0;
                UPDATE "CrmWriteBacks" SET "Parameters" = REPLACE("Parameters", '"UF_CRM_LOYALTY_REDEEMED"', '"UF_CRM_LOY_REDEEMED"') WHERE "SentAt" IS NULL AND instr("Parameters", '"UF_CRM_LOYALTY_REDEEMED"') > 0;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                UPDATE "BonusSettingsVersions" SET "Json" = REPLACE("Json", '"contactBalanceField":"UF_CRM_LOY_BALANCE"', '"contactBalanceField":"UF_CRM_LOYALTY_BALANCE"') WHERE instr("Json", '"contactBalanceField":"UF_CRM_LOY_BALANCE"') > 0;
                UPDATE "BonusSettingsVersions" SET "Json" = REPLACE("Json", '"contactTierField":"UF_CRM_LOY_TIER"', '"contactTierField":"UF_CRM_LOYALTY_TIER"') WHERE instr("Json", '"contactTierField":"UF_CRM_LOY_TIER"') > 0;
                UPDATE "BonusSettingsVersions" SET "Json" = REPLACE("Json", '"contactPercentField":"UF_CRM_LOY_PERCENT"', '"contactPercentField":"UF_CRM_LOYALTY_PERCENT"') WHERE instr("Json", '"contactPercentField":"UF_CRM_LOY_PERCENT"') > 0;
                UPDATE "BonusSettingsVersions" SET "Json" = REPLACE("Json", '"dealRedeemField":"UF_CRM_LOY_REDEEM"', '"dealRedeemField":"UF_CRM_LOYALTY_REDEEM"') WHERE instr("Json", '"dealRedeemField":"UF_CRM_LOY_REDEEM"') > 0;
                UPDATE "BonusSettingsVersions" SET "Json" = REPLACE("Json", '"dealRedeemedField":"UF_CRM_LOY_REDEEMED"', '"dealRedeemedField":"UF_CRM_LOYALTY_REDEEMED"') WHERE instr("Json", '"dealRedeemedField":"UF_CRM_LOY_REDEEMED"') > 0;
                """);
        }
    }
}
