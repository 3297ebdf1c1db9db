using Loyalty.Core.Notifications;

namespace Loyalty.Tests.Core.Notifications;

public sealed class PhoneNumbersTests
{
    [Theory]
    [InlineData("8 (912) 345-67-89", "+79123456789")]
    [InlineData("+7 912 3456789", "+79123456789")]
    [InlineData("89123456789", "+79123456789")]
    [InlineData("9123456789", "+79123456789")]
    [InlineData("7 912 345 67 89", "+79123456789")]
    [InlineData("+7 (495) 120-81-15", "+74951208115")]
    [InlineData("8-495-120-81-15", "+74951208115")]
    [InlineData(" +79123456789 ", "+79123456789")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    [InlineData("+1 (212) 555-0100", "+12125550100")]
    [InlineData("+380 44 123 4567", "+380441234567")]
    public void ARussianOrInternationalNumberBecomesE164(string input, string expected)
    {
        var result = PhoneNumbers.Normalize(input);

        Assert.True(result.IsValid, result.MessageKey);
        Assert.Equal(expected, result.E164);
    }

    [Theory]
    [InlineData("", "Phone_Empty")]
    [InlineData("   ", "Phone_Empty")]
    [InlineData("912345", "Phone_Unrecognized")]
    [InlineData("4951208115", "Phone_Unrecognized")]
    [InlineData("891234567890", "Phone_Unrecognized")]
    [InlineData("+7 912 345 67 8", "Phone_BadLength")]
    [InlineData("+7 912 345 67 890", "Phone_BadLength")]
    [InlineData("+44 123", "Phone_BadLength")]
    [InlineData("+1234567890123456", "Phone_BadLength")]
    [InlineData("+0 123 456 789", "Phone_BadLength")]
    [InlineData("8 912 ABC 67 89", "Phone_BadCharacters")]
    [InlineData("+7 912 345-67-89 доб. 12", "Phone_BadCharacters")]
    public void AnInvalidNumberIsRefusedWithItsReason(string input, string reason)
    {
        var result = PhoneNumbers.Normalize(input);

        Assert.False(result.IsValid);
        Assert.Null(result.E164);
        Assert.Equal(reason, result.MessageKey);
        Assert.NotEqual(reason, NotificationText.Get(reason));
    }
}
