using Loyalty.Web.Sandbox.Data;

namespace Loyalty.Web.Sandbox.Generation;

/// <summary>The generator's working records and word lists: people and CRM records before they become rows.</summary>
internal sealed partial class CompanyGenerator
{
    private static readonly double[] PipelineWeights = [0.6, 0.25, 0.15];
    private static readonly double[] ActivityKindWeights = [0.7, 0.2, 0.1];
    private static readonly double[] OpenTaskWeights = [0.35, 0.55, 0.1];
    private static readonly string[] DefaultPipelineTypes = ["SALE", "SALE", "COMPLEX", "GOODS", "SERVICES"];
    private static readonly string[] RepeatSources = ["PARTNER", "CALL", "EMAIL", "RECOMMENDATION"];
    private static readonly string[] UtmSources = ["yandex", "google", "vk", "email"];
    private static readonly string[] UtmCampaigns = ["brand", "spring_sale", "retargeting", "b2b_leads"];
    private static readonly string[] Posts = ["Генеральный директор", "Менеджер по закупкам", "Главный бухгалтер", "Руководитель отдела снабжения", "Офис-менеджер"];
    private static readonly int[] MeetingMinutes = [30, 60, 60, 90, 120];
    private static readonly string[] MeetingSubjects = ["Встреча с клиентом", "Презентация решения", "Подписание договора", "Обсуждение условий поставки"];
    private static readonly string[] EmailSubjects = ["Коммерческое предложение", "Счёт на оплату", "Договор на согласование", "Спецификация", "Акт сверки"];

    private sealed record Person(string First, string Last, string Patronymic, bool Female);

    private sealed record Manager(long Id, Person Person, long DepartmentId, string Position, bool Active, DateTimeOffset? FiredAt);

    /// <summary>Anything an activity can belong to; also the common part of the protos that are numbered by creation time.</summary>
    private abstract class Owner
    {
        public long Id { get; set; }

        public int Sequence { get; init; }

        public DateTimeOffset Created { get; init; }

        public long Manager { get; init; }

        public string? Phone { get; init; }

        public DateTimeOffset LastActivity { get; set; }

        public long LastActivityBy { get; set; }

        public virtual bool IsOpen => true;

        public virtual DateTimeOffset ActiveUntil(DateTimeOffset anchor) => anchor;
    }

    private sealed class ContactProto : Owner
    {
        public required Person Person { get; init; }

        public string PhoneType { get; init; } = "MOBILE";

        public string? Email { get; init; }

        public required string Source { get; init; }

        public string? Company { get; init; }

        public string? Post { get; init; }

        public DateTimeOffset Modified { get; set; }

        public LeadProto? Lead { get; set; }

        public override bool IsOpen => false;
    }

    private sealed class LeadProto : Owner
    {
        public required Person Person { get; init; }

        public string? Email { get; init; }

        public required string Source { get; init; }

        public string? Company { get; init; }

        public string Title { get; set; } = "";

        public string Status { get; set; } = "NEW";

        public DateTimeOffset Moved { get; set; }

        public DateTimeOffset Modified { get; set; }

        public DateTimeOffset? Closed { get; set; }

        public ContactProto? Contact { get; set; }

        public bool ReturnCustomer { get; set; }

        public decimal Opportunity { get; init; }

        public string? UtmSource { get; set; }

        public string? UtmMedium { get; set; }

        public string? UtmCampaign { get; set; }

        public override bool IsOpen => Closed is null;

        public override DateTimeOffset ActiveUntil(DateTimeOffset anchor) => Closed ?? anchor;
    }

    private sealed class DealProto : Owner
    {
        public required string Title { get; init; }

        public required string Type { get; init; }

        public required string Source { get; init; }

        public required Pipeline Pipeline { get; init; }

        public required decimal Opportunity { get; init; }

        public ContactProto? Contact { get; init; }

        public LeadProto? Lead { get; set; }

        public Stage Stage { get; set; } = null!;

        public DateTimeOffset Moved { get; set; }

        public DateTimeOffset Modified { get; set; }

        public DateTimeOffset CloseDate { get; set; }

        public bool ReturnCustomer { get; set; }

        public string? UtmSource { get; set; }

        public string? UtmMedium { get; set; }

        public string? UtmCampaign { get; set; }

        public override bool IsOpen => !Stage.IsFinal;

        public override DateTimeOffset ActiveUntil(DateTimeOffset anchor) => Stage.IsFinal ? Moved : anchor;
    }

    private sealed class ActivityProto
    {
        public int Sequence { get; init; }

        public required Owner Owner { get; init; }

        public int OwnerType { get; init; }

        public int Kind { get; init; }

        public DateTimeOffset Created { get; set; }

        public DateTimeOffset Start { get; set; }

        public DateTimeOffset End { get; set; }

        public bool Completed { get; set; }

        public bool Incoming { get; set; }
    }

    private sealed class TaskProto
    {
        public int Sequence { get; init; }

        public DateTimeOffset Created { get; set; }

        public DateTimeOffset Deadline { get; set; }

        public DateTimeOffset? Closed { get; set; }

        public DateTimeOffset Changed { get; set; }

        public int Status { get; set; }

        public long Responsible { get; set; }

        public long CreatedBy { get; set; }

        public string Title { get; set; } = "";

        public bool HighPriority { get; set; }

        public DealProto? Deal { get; set; }

        public ContactProto? Contact { get; set; }
    }
}
