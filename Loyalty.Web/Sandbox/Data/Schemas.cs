using static Loyalty.Web.Sandbox.Data.FieldKind;

namespace Loyalty.Web.Sandbox.Data;

/// <summary>
/// The fields of each entity as PROTOCOL.md §5 describes them. The order is the order of keys in responses,
/// and "*" in <c>select</c> means every field here except multifields.
/// </summary>
internal static class Schemas
{
    // Declared first: the schemas below read it while the class initializes.
    public static readonly IReadOnlyList<string> MultiFieldNames = ["PHONE", "EMAIL", "WEB", "IM"];

    public static readonly EntitySchema Deal = new("deals",
    [
        F("ID", Int, true), F("TITLE"), F("TYPE_ID"), F("CATEGORY_ID", Int), F("STAGE_ID"), F("STAGE_SEMANTIC_ID", Text, true),
        F("IS_NEW", Text, true), F("IS_RECURRING"), F("IS_RETURN_CUSTOMER"), F("IS_REPEATED_APPROACH"), F("PROBABILITY", Int),
        F("CURRENCY_ID"), F("OPPORTUNITY", Money), F("IS_MANUAL_OPPORTUNITY"), F("TAX_VALUE", Money), F("COMPANY_ID", Int),
        F("CONTACT_ID", Int), F("QUOTE_ID", Int), F("BEGINDATE", Date), F("CLOSEDATE", Date), F("OPENED"), F("CLOSED", Text, true),
        F("COMMENTS"), F("ASSIGNED_BY_ID", Int), F("CREATED_BY_ID", Int, true), F("MODIFY_BY_ID", Int, true),
        F("MOVED_BY_ID", Int, true), F("DATE_CREATE", FieldKind.DateTime, true), F("DATE_MODIFY", FieldKind.DateTime, true),
        F("MOVED_TIME", FieldKind.DateTime, true), F("SOURCE_ID"), F("SOURCE_DESCRIPTION"), F("LEAD_ID", Int), F("ADDITIONAL_INFO"),
        F("LOCATION_ID"), F("ORIGINATOR_ID"), F("ORIGIN_ID"), .. Utm(), F("LAST_ACTIVITY_TIME", FieldKind.DateTime, true),
        F("LAST_ACTIVITY_BY", Int, true),
    ], userFieldEntity: "CRM_DEAL");

    public static readonly EntitySchema Contact = new("contacts",
    [
        F("ID", Int, true), F("HONORIFIC"), F("NAME"), F("SECOND_NAME"), F("LAST_NAME"), F("PHOTO"), F("BIRTHDATE", Date),
        F("TYPE_ID"), F("SOURCE_ID"), F("SOURCE_DESCRIPTION"), F("POST"), F("COMMENTS"), F("OPENED"), F("EXPORT"),
        F("HAS_PHONE", Text, true), F("HAS_EMAIL", Text, true), F("HAS_IMOL", Text, true), F("ASSIGNED_BY_ID", Int),
        F("CREATED_BY_ID", Int, true), F("MODIFY_BY_ID", Int, true), F("DATE_CREATE", FieldKind.DateTime, true),
        F("DATE_MODIFY", FieldKind.DateTime, true), F("COMPANY_ID", Int), F("LEAD_ID", Int), F("ORIGINATOR_ID"), F("ORIGIN_ID"),
        F("ORIGIN_VERSION"), .. Utm(), F("LAST_ACTIVITY_TIME", FieldKind.DateTime, true), F("LAST_ACTIVITY_BY", Int, true),
        .. MultiFields(),
    ], userFieldEntity: "CRM_CONTACT");

    public static readonly EntitySchema Lead = new("leads",
    [
        F("ID", Int, true), F("TITLE"), F("HONORIFIC"), F("NAME"), F("SECOND_NAME"), F("LAST_NAME"), F("COMPANY_TITLE"),
        F("COMPANY_ID", Int), F("CONTACT_ID", Int), F("IS_RETURN_CUSTOMER", Text, true), F("BIRTHDATE", Date), F("SOURCE_ID"),
        F("SOURCE_DESCRIPTION"), F("STATUS_ID"), F("STATUS_DESCRIPTION"), F("STATUS_SEMANTIC_ID", Text, true), F("POST"),
        F("ADDRESS"), F("COMMENTS"), F("CURRENCY_ID"), F("OPPORTUNITY", Money), F("IS_MANUAL_OPPORTUNITY"), F("HAS_PHONE", Text, true),
        F("HAS_EMAIL", Text, true), F("HAS_IMOL", Text, true), F("ASSIGNED_BY_ID", Int), F("CREATED_BY_ID", Int, true),
        F("MODIFY_BY_ID", Int, true), F("MOVED_BY_ID", Int, true), F("DATE_CREATE", FieldKind.DateTime, true),
        F("DATE_MODIFY", FieldKind.DateTime, true), F("MOVED_TIME", FieldKind.DateTime, true), F("DATE_CLOSED", FieldKind.DateTime, true),
        F("OPENED"), F("ORIGINATOR_ID"), F("ORIGIN_ID"), .. Utm(), F("LAST_ACTIVITY_TIME", FieldKind.DateTime, true),
        F("LAST_ACTIVITY_BY", Int, true), .. MultiFields(),
    ], userFieldEntity: "CRM_LEAD");

    public static readonly EntitySchema Activity = new("activities",
    [
        F("ID", Int, true), F("OWNER_ID", Int), F("OWNER_TYPE_ID", Int), F("TYPE_ID", Int), F("PROVIDER_ID"), F("PROVIDER_TYPE_ID"),
        F("PROVIDER_GROUP_ID"), F("ASSOCIATED_ENTITY_ID", Int), F("SUBJECT"), F("CREATED", FieldKind.DateTime, true),
        F("LAST_UPDATED", FieldKind.DateTime, true), F("START_TIME", FieldKind.DateTime), F("END_TIME", FieldKind.DateTime),
        F("DEADLINE", FieldKind.DateTime), F("COMPLETED"), F("STATUS", Int), F("RESPONSIBLE_ID", Int), F("PRIORITY", Int),
        F("NOTIFY_TYPE", Int), F("NOTIFY_VALUE", Int), F("DESCRIPTION"), F("DESCRIPTION_TYPE", Int), F("DIRECTION", Int),
        F("LOCATION"), F("SETTINGS", Json), F("ORIGINATOR_ID"), F("ORIGIN_ID"), F("AUTHOR_ID", Int), F("EDITOR_ID", Int),
        F("PROVIDER_PARAMS", Json), F("PROVIDER_DATA"), F("RESULT_MARK", Int), F("RESULT_VALUE"), F("RESULT_SUM"),
        F("RESULT_CURRENCY_ID"), F("RESULT_STATUS", Int), F("RESULT_STREAM", Int), F("RESULT_SOURCE_ID"), F("AUTOCOMPLETE_RULE", Int),
    ]);

    public static readonly EntitySchema User = new("users",
    [
        F("ID", Int, true), F("XML_ID"), F("ACTIVE", Bool), F("NAME"), F("LAST_NAME"), F("SECOND_NAME"), F("EMAIL"),
        F("LAST_LOGIN", FieldKind.DateTime), F("DATE_REGISTER", FieldKind.DateTime), F("LAST_ACTIVITY_DATE", FieldKind.DateTime),
        F("IS_ONLINE"), F("TIME_ZONE"), F("PERSONAL_GENDER"), F("PERSONAL_BIRTHDAY", Date), F("PERSONAL_MOBILE"), F("PERSONAL_CITY"),
        F("WORK_PHONE"), F("WORK_POSITION"), F("UF_EMPLOYMENT_DATE"), F("UF_DEPARTMENT", IntList), F("USER_TYPE"),
    ]);

    public static readonly EntitySchema Department = new("departments",
    [
        F("ID", Int, true), F("NAME"), F("SORT", Number), F("PARENT", Int), F("UF_HEAD", Int),
    ]);

    /// <summary>
    /// Tasks answer in camelCase but are filtered, ordered and selected in UPPER_SNAKE (§5.9). <c>status</c> is the
    /// real status (REAL_STATUS); <c>subStatus</c> (STATUS) adds the meta status −1 "overdue", computed when read.
    /// </summary>
    public static readonly EntitySchema Task = new("tasks",
    [
        F("ID", Int, true, "id"), F("PARENT_ID", Int, false, "parentId"), F("TITLE", Text, false, "title"),
        F("DESCRIPTION", Text, false, "description"), F("MARK", Text, false, "mark"), F("PRIORITY", Int, false, "priority"),
        F("MULTITASK", Text, false, "multitask"), F("NOT_VIEWED", Text, true, "notViewed"), F("REPLICATE", Text, false, "replicate"),
        F("STAGE_ID", Int, false, "stageId"), F("CREATED_BY", Int, false, "createdBy"),
        F("CREATED_DATE", FieldKind.DateTime, true, "createdDate"), F("RESPONSIBLE_ID", Int, false, "responsibleId"),
        F("CHANGED_BY", Int, true, "changedBy"), F("CHANGED_DATE", FieldKind.DateTime, true, "changedDate"),
        F("STATUS_CHANGED_BY", Int, true, "statusChangedBy"), F("STATUS_CHANGED_DATE", FieldKind.DateTime, true, "statusChangedDate"),
        F("CLOSED_BY", Int, true, "closedBy"), F("CLOSED_DATE", FieldKind.DateTime, true, "closedDate"),
        F("ACTIVITY_DATE", FieldKind.DateTime, true, "activityDate"), F("DATE_START", FieldKind.DateTime, false, "dateStart"),
        F("DEADLINE", FieldKind.DateTime, false, "deadline"), F("START_DATE_PLAN", FieldKind.DateTime, false, "startDatePlan"),
        F("END_DATE_PLAN", FieldKind.DateTime, false, "endDatePlan"), F("GROUP_ID", Int, false, "groupId"),
        F("ALLOW_CHANGE_DEADLINE", Text, false, "allowChangeDeadline"), F("TASK_CONTROL", Text, false, "taskControl"),
        F("REAL_STATUS", Int, true, "status"), F("STATUS", Int, true, "subStatus"), F("UF_CRM_TASK", TextList, false, "ufCrmTask"),
    ]);

    public static readonly EntitySchema TimelineComment = new("timeline_comments",
    [
        F("ID", Int, true), F("ENTITY_ID", Int), F("ENTITY_TYPE"), F("COMMENT"), F("AUTHOR_ID", Int),
        F("CREATED", FieldKind.DateTime, true),
    ]);

    public static readonly EntitySchema Notification = new("notifications",
    [
        F("ID", Int, true), F("USER_ID", Int), F("MESSAGE"), F("MESSAGE_OUT"), F("TAG"), F("SUB_TAG"), F("AUTHOR_ID", Int),
        F("DATE_CREATE", FieldKind.DateTime, true),
    ]);

    public static readonly IReadOnlyList<EntitySchema> All = [User, Department, Contact, Lead, Deal, Activity, Task, TimelineComment, Notification];

    private static (string, FieldKind, bool, string?) F(string name, FieldKind kind = Text, bool readOnly = false, string? wire = null) =>
        (name, kind, readOnly, wire);

    private static IEnumerable<(string, FieldKind, bool, string?)> Utm() =>
        new[] { "UTM_SOURCE", "UTM_MEDIUM", "UTM_CAMPAIGN", "UTM_CONTENT", "UTM_TERM" }.Select(n => F(n));

    private static IEnumerable<(string, FieldKind, bool, string?)> MultiFields() => MultiFieldNames.Select(n => F(n, Multi));
}
