namespace Loyalty.Web.Sandbox.Data;

/// <summary>A stage of a deal pipeline or a lead status; <see cref="Semantic"/> is P (in progress), S (success) or F (failure).</summary>
internal sealed record Stage(string StatusId, string Name, int Sort, string Color, char Semantic, bool Apology = false)
{
    public bool IsFinal => Semantic != 'P';

    /// <summary>The long form in EXTRA.SEMANTICS (§5.6).</summary>
    public string ExtraSemantics => Semantic switch
    {
        'S' => "success",
        'F' => Apology ? "apology" : "failure",
        _ => "process",
    };
}

internal sealed record Pipeline(int Id, string Name, int Sort, IReadOnlyList<Stage> Stages)
{
    /// <summary>crm.status.list's ENTITY_ID: DEAL_STAGE for the default pipeline, DEAL_STAGE_{id} for the others.</summary>
    public string EntityId => Id == 0 ? "DEAL_STAGE" : $"DEAL_STAGE_{Id}";

    public IReadOnlyList<Stage> Progress { get; } = [.. Stages.Where(s => !s.IsFinal)];

    public Stage Won { get; } = Stages.First(s => s.Semantic == 'S');

    public IReadOnlyList<Stage> Lost { get; } = [.. Stages.Where(s => s.Semantic == 'F')];

    public Stage? Find(string statusId) => Stages.FirstOrDefault(s => s.StatusId == statusId);
}

/// <summary>A row of a reference list (sources, deal types): crm.status.list without semantics.</summary>
internal sealed record Named(string StatusId, string Name);

internal sealed record Currency(string Code, string Name, string Amount, int Sort, bool Base, string Format);

/// <summary>The portal's fixed configuration: three deal pipelines, lead statuses, sources, deal types and currencies.</summary>
internal static class Reference
{
    public static readonly IReadOnlyList<Pipeline> Pipelines =
    [
        new(0, "Продажи", 100,
        [
            new("NEW", "Новая", 10, "#39A8EF", 'P'),
            new("PREPARATION", "Подготовка документов", 20, "#2FC6F6", 'P'),
            new("PREPAYMENT_INVOICE", "Счёт на предоплату", 30, "#55D0E0", 'P'),
            new("EXECUTING", "В работе", 40, "#47E4C2", 'P'),
            new("FINAL_INVOICE", "Финальный счёт", 50, "#FFA900", 'P'),
            new("WON", "Сделка успешна", 60, "#7BD500", 'S'),
            new("LOSE", "Сделка провалена", 70, "#FF5752", 'F'),
            new("APOLOGY", "Анализ причины провала", 80, "#FF5752", 'F', Apology: true),
        ]),
        new(1, "Оптовые продажи", 200,
        [
            new("C1:NEW", "Новая заявка", 10, "#39A8EF", 'P'),
            new("C1:PREPARATION", "Расчёт и КП", 20, "#2FC6F6", 'P'),
            new("C1:EXECUTING", "Согласование договора", 30, "#47E4C2", 'P'),
            new("C1:FINAL_INVOICE", "Отгрузка", 40, "#FFA900", 'P'),
            new("C1:WON", "Сделка успешна", 50, "#7BD500", 'S'),
            new("C1:LOSE", "Сделка провалена", 60, "#FF5752", 'F'),
        ]),
        new(2, "Сервисные контракты", 300,
        [
            new("C2:NEW", "Новая", 10, "#39A8EF", 'P'),
            new("C2:UC_NEGOTIATION", "Переговоры", 20, "#2FC6F6", 'P'),
            new("C2:EXECUTING", "Подписание", 30, "#47E4C2", 'P'),
            new("C2:WON", "Контракт заключён", 40, "#7BD500", 'S'),
            new("C2:LOSE", "Отказ", 50, "#FF5752", 'F'),
            new("C2:APOLOGY", "Анализ причины провала", 60, "#FF5752", 'F', Apology: true),
        ]),
    ];

    public static readonly IReadOnlyList<Stage> LeadStatuses =
    [
        new("NEW", "Не обработан", 10, "#39A8EF", 'P'),
        new("IN_PROCESS", "В работе", 20, "#2FC6F6", 'P'),
        new("PROCESSED", "Обработан", 30, "#55D0E0", 'P'),
        new("CONVERTED", "Качественный лид", 40, "#7BD500", 'S'),
        new("JUNK", "Некачественный лид", 50, "#FF5752", 'F'),
    ];

    public static readonly IReadOnlyList<Named> Sources =
    [
        new("CALL", "Звонок"), new("EMAIL", "Электронная почта"), new("WEB", "Веб-сайт"), new("ADVERTISING", "Реклама"),
        new("PARTNER", "Существующий клиент"), new("RECOMMENDATION", "По рекомендации"), new("TRADE_SHOW", "Выставка"),
        new("WEBFORM", "CRM-форма"), new("CALLBACK", "Обратный звонок"), new("RC_GENERATOR", "Генератор продаж"),
        new("STORE", "Интернет-магазин"), new("OTHER", "Другое"),
    ];

    public static readonly IReadOnlyList<Named> DealTypes =
    [
        new("SALE", "Продажа"), new("COMPLEX", "Комплексная продажа"), new("GOODS", "Продажа товара"),
        new("SERVICES", "Продажа услуги"), new("SERVICE", "Сервисное обслуживание"),
    ];

    public static readonly IReadOnlyList<Currency> Currencies =
    [
        new("RUB", "Российский рубль", "1.0000", 100, true, "# &#8381;"),
        new("USD", "Доллар США", "92.5000", 200, false, "$#"),
        new("EUR", "Евро", "100.2000", 300, false, "&euro;#"),
    ];

    /// <summary>The pipeline a stage id belongs to, from its prefix: "C2:WON" is pipeline 2, "WON" the default one.</summary>
    public static Pipeline? PipelineOfStage(string stageId)
    {
        if (!stageId.StartsWith('C'))
        {
            return Pipelines[0].Find(stageId) is null ? null : Pipelines[0];
        }

        var colon = stageId.IndexOf(':', StringComparison.Ordinal);
        return colon > 1 && int.TryParse(stageId.AsSpan(1, colon - 1), out var id) && Pipelines.FirstOrDefault(p => p.Id == id) is { } pipeline
            && pipeline.Find(stageId) is not null
                ? pipeline
                : null;
    }

    public static Pipeline? PipelineById(long id) => Pipelines.FirstOrDefault(p => p.Id == id);

    public static Stage? LeadStatus(string statusId) => LeadStatuses.FirstOrDefault(s => s.StatusId == statusId);
}
