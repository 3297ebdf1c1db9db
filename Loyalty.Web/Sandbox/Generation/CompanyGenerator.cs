using System.Globalization;
using System.Text.Json.Nodes;
using Loyalty.Web.Sandbox.Data;

namespace Loyalty.Web.Sandbox.Generation;

/// <summary>The demo company's rows per entity, ready for the store, and the next free multifield id.</summary>
internal sealed record GeneratedCompany(IReadOnlyList<(EntitySchema Schema, List<Row> Rows)> Rows, long NextMultiId);

/// <summary>
/// Generates a year (by default) of a sales company's CRM from a seed: departments and managers, contacts, leads
/// (some converted into contacts and deals), deals moving through three pipelines to won or lost, calls, meetings,
/// e-mails and tasks. Everything is derived from the seed and the anchor only, so the same pair always gives the
/// same rows; every date lies before the anchor except planned activities and task deadlines.
/// </summary>
internal sealed partial class CompanyGenerator(int seed, DateTimeOffset anchor, SandboxCompanyOptions sizes, PortalTime time)
{
    private const int AdminId = 1;
    private static readonly JsonArray EmptyArray = [];

    private readonly SandboxRandom _random = new(seed);
    private readonly List<Manager> _managers = [];
    private DateTimeOffset _start;
    private long _seconds;
    private long _nextMultiId = 1;
    private int _sequence;

    public GeneratedCompany Generate()
    {
        _seconds = (long)TimeSpan.FromDays(Math.Max(1, sizes.HistoryDays)).TotalSeconds;
        _start = anchor.AddSeconds(-_seconds);

        var departments = Departments();
        var users = Users(departments);
        var contacts = Contacts();
        var leads = Leads(contacts);
        var deals = Deals(contacts, leads);
        var activities = Activities(deals, leads, contacts);
        var tasks = Tasks(deals, contacts);

        return new GeneratedCompany(
        [
            (Schemas.Department, departments),
            (Schemas.User, users),
            (Schemas.Contact, [.. contacts.Select(ContactRow)]),
            (Schemas.Lead, [.. leads.Select(LeadRow)]),
            (Schemas.Deal, [.. deals.Select(DealRow)]),
            (Schemas.Activity, activities),
            (Schemas.Task, tasks),
        ], _nextMultiId);
    }

    // ---- people and structure ----

    private List<Row> Departments()
    {
        var count = Math.Max(1, sizes.Departments);
        var rows = new List<Row>(count);
        for (var id = 1; id <= count; id++)
        {
            var row = new Row(Schemas.Department, id);
            Set(row, "NAME", id <= RussianData.DepartmentNames.Length ? RussianData.DepartmentNames[id - 1] : $"Отдел продаж №{id}");
            Set(row, "SORT", id == 1 ? 500L : 500L + (id * 100L));
            // The head office on top, sales departments under it, and from the sixth on a level deeper under the first one.
            Set(row, "PARENT", id == 1 ? null : id <= 5 ? 1L : 2L);
            rows.Add(row);
        }

        return rows;
    }

    private List<Row> Users(List<Row> departments)
    {
        var salesDepartments = departments.Count == 1 ? [departments[0].Id] : departments.Skip(1).Select(d => d.Id).ToList();
        var admin = new Manager(AdminId, NewPerson(), departments[0].Id, "Генеральный директор", true, null);
        var rows = new List<Row> { UserRow(admin) };
        Set(departments[0], "UF_HEAD", (long)AdminId);

        var count = Math.Max(0, sizes.Managers);
        for (var i = 0; i < count; i++)
        {
            var department = salesDepartments[i % salesDepartments.Count];
            var isHead = i < salesDepartments.Count && departments.Count > 1;
            // One manager left the company a quarter of the history ago: records keep pointing at an inactive user.
            var fired = count >= 5 && i == count - 1 ? _start.AddSeconds(_seconds * 3 / 4) : (DateTimeOffset?)null;
            var position = isHead ? "Руководитель отдела продаж" : _random.Chance(0.2) ? "Старший менеджер по продажам" : "Менеджер по продажам";
            var manager = new Manager(AdminId + 1 + i, NewPerson(), department, position, fired is null, fired);
            _managers.Add(manager);
            rows.Add(UserRow(manager));
            if (isHead)
            {
                Set(departments.First(d => d.Id == department), "UF_HEAD", manager.Id);
            }
        }

        return rows;
    }

    private Row UserRow(Manager manager)
    {
        var row = new Row(Schemas.User, manager.Id);
        var person = manager.Person;
        var registered = _start.AddDays(-_random.Next(30, 1500)).AddSeconds(_random.Next(0, 86400));
        var lastLogin = manager.FiredAt ?? anchor.AddSeconds(-_random.Next(60, 3 * 86400));
        Set(row, "ACTIVE", manager.Active);
        Set(row, "NAME", person.First);
        Set(row, "LAST_NAME", person.Last);
        Set(row, "SECOND_NAME", person.Patronymic);
        Set(row, "EMAIL", manager.Id == AdminId ? "director@loyalty-demo.ru" : $"{RussianData.Transliterate(person.First)}.{RussianData.Transliterate(person.Last)}@loyalty-demo.ru");
        Set(row, "LAST_LOGIN", lastLogin);
        Set(row, "DATE_REGISTER", registered);
        Set(row, "LAST_ACTIVITY_DATE", lastLogin);
        Set(row, "IS_ONLINE", manager.Active && _random.Chance(0.3) ? "Y" : "N");
        Set(row, "TIME_ZONE", "");
        Set(row, "PERSONAL_GENDER", person.Female ? "F" : "M");
        Set(row, "PERSONAL_BIRTHDAY", time.AtLocal(new DateTime(_random.Next(1965, 2002), _random.Next(1, 13), _random.Next(1, 29), 0, 0, 0, DateTimeKind.Unspecified)));
        Set(row, "PERSONAL_MOBILE", Phone());
        Set(row, "PERSONAL_CITY", RussianData.Cities[manager.DepartmentId == 3 ? 1 : 0]);
        Set(row, "WORK_PHONE", "");
        Set(row, "WORK_POSITION", manager.Position);
        Set(row, "UF_EMPLOYMENT_DATE", "");
        Set(row, "UF_DEPARTMENT", new[] { manager.DepartmentId });
        Set(row, "USER_TYPE", "employee");
        return row;
    }

    // ---- contacts ----

    private List<ContactProto> Contacts()
    {
        var count = Math.Max(0, sizes.Contacts);
        var contacts = new List<ContactProto>(count);
        for (var i = 0; i < count; i++)
        {
            var created = At(_random.NextLong(0, _seconds));
            var person = NewPerson();
            var contact = new ContactProto
            {
                Sequence = _sequence++,
                Created = created,
                Person = person,
                Manager = ManagerAt(created),
                // A few contacts were saved without a phone number (a walk-in, an e-mail-only client).
                Phone = _random.Chance(0.02) ? null : Phone(),
                PhoneType = _random.Chance(0.7) ? "MOBILE" : "WORK",
                Email = _random.Chance(0.7) ? Email(person) : null,
                Source = _random.Pick(Reference.Sources).StatusId,
                Company = _random.Chance(0.6) ? CompanyTitle() : null,
                Post = _random.Chance(0.3) ? _random.Pick(Posts) : null,
            };
            contact.Modified = Between(created, anchor, 0.6);
            contact.LastActivity = created;
            contact.LastActivityBy = contact.Manager;
            contacts.Add(contact);
        }

        SortAndNumber(contacts);
        return contacts;
    }

    // ---- leads ----

    private List<LeadProto> Leads(List<ContactProto> contacts)
    {
        var count = Math.Max(0, sizes.Leads);
        var converted = contacts.Count == 0 ? 0 : (int)Math.Round(count * 0.3);
        var fromLeads = Math.Min(converted, (int)Math.Round(contacts.Count * 0.6));
        var leads = new List<LeadProto>(count);

        // Contacts that were born from a lead: the lead came in shortly before and was converted when the contact was created.
        foreach (var contact in Shuffled(contacts).Take(fromLeads))
        {
            var created = contact.Created.AddSeconds(-_random.Next(600, 3 * 86400));
            if (created < _start)
            {
                created = _start;
            }

            var lead = NewLead(created, contact.Person, contact.Manager, contact.Phone, contact.Email, contact.Source, contact.Company);
            Convert(lead, contact, contact.Created);
            contact.Lead = lead;
            leads.Add(lead);
        }

        // Returning customers: a new request from someone already in the CRM, converted a little later.
        for (var i = fromLeads; i < converted; i++)
        {
            var contact = _random.Pick(contacts);
            var created = Between(contact.Created, anchor.AddHours(-2), 1);
            var lead = NewLead(created, contact.Person, contact.Manager, contact.Phone, contact.Email, _random.Pick(RepeatSources), contact.Company);
            lead.ReturnCustomer = true;
            var convertedAt = created.AddSeconds(_random.Next(3600, 5 * 86400));
            Convert(lead, contact, convertedAt < anchor ? convertedAt : anchor);
            leads.Add(lead);
        }

        for (var i = converted; i < count; i++)
        {
            var created = At(_random.NextLong(0, _seconds));
            var person = NewPerson();
            var lead = NewLead(created, person, ManagerAt(created), _random.Chance(0.9) ? Phone() : null,
                _random.Chance(0.6) ? Email(person) : null, _random.Pick(Reference.Sources).StatusId, _random.Chance(0.4) ? CompanyTitle() : null);
            var age = anchor - created;
            var status = age > TimeSpan.FromDays(30)
                ? (string[])["JUNK", "JUNK", "JUNK", "IN_PROCESS", "PROCESSED"]
                : ["NEW", "NEW", "IN_PROCESS", "IN_PROCESS", "PROCESSED", "JUNK"];
            lead.Status = _random.Pick(status);
            if (lead.Status != "NEW")
            {
                lead.Moved = Min(anchor, Between(created.AddMinutes(5), created + (age / 2), 1));
                if (lead.Status == "JUNK")
                {
                    lead.Closed = lead.Moved;
                }
            }

            lead.Modified = Between(lead.Moved, lead.Moved + ((anchor - lead.Moved) / 4), 0.5);
            leads.Add(lead);
        }

        SortAndNumber(leads);
        return leads;
    }

    private LeadProto NewLead(DateTimeOffset created, Person person, long manager, string? phone, string? email, string source, string? company)
    {
        var lead = new LeadProto
        {
            Sequence = _sequence++,
            Created = created,
            Moved = created,
            Modified = created,
            Person = person,
            Manager = manager,
            Phone = phone,
            Email = email,
            Source = source,
            Company = company,
            Status = "NEW",
            Opportunity = _random.Chance(0.5) ? Amount(5_000, 300_000) : 0m,
        };
        lead.Title = source switch
        {
            "WEB" or "WEBFORM" => "Заявка с сайта",
            "CALL" or "CALLBACK" => "Входящий звонок",
            "EMAIL" => "Письмо на общий ящик",
            "TRADE_SHOW" => "Контакт с выставки",
            "RECOMMENDATION" => "Рекомендация клиента",
            "STORE" => "Заказ из интернет-магазина",
            _ => "Новый лид",
        } + " — " + (company ?? $"{person.First} {person.Last}");
        if (source is "WEB" or "WEBFORM" or "ADVERTISING")
        {
            lead.UtmSource = _random.Pick(UtmSources);
            lead.UtmMedium = lead.UtmSource == "email" ? "newsletter" : "cpc";
            lead.UtmCampaign = _random.Pick(UtmCampaigns);
        }

        lead.LastActivity = created;
        lead.LastActivityBy = manager;
        return lead;
    }

    private void Convert(LeadProto lead, ContactProto contact, DateTimeOffset at)
    {
        lead.Status = "CONVERTED";
        lead.Contact = contact;
        lead.Moved = at;
        lead.Closed = at;
        lead.Modified = at;
    }

    // ---- deals ----

    private List<DealProto> Deals(List<ContactProto> contacts, List<LeadProto> leads)
    {
        var count = Math.Max(0, sizes.Deals);
        var deals = new List<DealProto>(count);
        foreach (var lead in leads.Where(l => l.Status == "CONVERTED" && l.Contact is not null).Take(count))
        {
            var deal = NewDeal(lead.Closed!.Value, lead.Contact, lead.Manager, lead.Source);
            deal.Lead = lead;
            deal.UtmSource = lead.UtmSource;
            deal.UtmMedium = lead.UtmMedium;
            deal.UtmCampaign = lead.UtmCampaign;
            deals.Add(deal);
        }

        var direct = count - deals.Count;
        for (var i = 0; i < direct; i++)
        {
            // A couple of deals were opened without a contact (a tender, a phone order nobody filled in).
            var withoutContact = contacts.Count == 0 || (count >= 10 && i < 2);
            var contact = withoutContact ? null : _random.Pick(contacts);
            var created = contact is null ? At(_random.NextLong(0, _seconds)) : Between(contact.Created, anchor, 1);
            deals.Add(NewDeal(created, contact, contact?.Manager ?? ManagerAt(created), _random.Pick(Reference.Sources).StatusId));
        }

        SortAndNumber(deals);
        var dealsPerContact = new Dictionary<ContactProto, int>();
        foreach (var deal in deals)
        {
            if (deal.Contact is { } contact)
            {
                var previous = dealsPerContact.GetValueOrDefault(contact);
                deal.ReturnCustomer = previous > 0;
                dealsPerContact[contact] = previous + 1;
            }
        }

        return deals;
    }

    private DealProto NewDeal(DateTimeOffset created, ContactProto? contact, long manager, string source)
    {
        var pipeline = Reference.Pipelines[_random.Weighted(PipelineWeights)];
        var deal = new DealProto
        {
            Sequence = _sequence++,
            Created = created,
            Contact = contact,
            Manager = ManagerAt(created, manager),
            Source = source,
            Pipeline = pipeline,
            Opportunity = pipeline.Id switch
            {
                1 => Amount(100_000, 5_000_000),
                2 => Amount(20_000, 600_000),
                _ => Amount(10_000, 800_000),
            },
            Type = pipeline.Id switch
            {
                1 => "GOODS",
                2 => "SERVICE",
                _ => _random.Pick(DefaultPipelineTypes),
            },
            Title = $"{_random.Pick(RussianData.Products)} — {contact?.Company ?? (contact is null ? CompanyTitle() : $"{contact.Person.First} {contact.Person.Last}")}",
        };

        // Each deal has its own cycle; the ones whose cycle ended before the anchor are closed, the rest are on the way.
        var cycle = TimeSpan.FromSeconds(_random.Next(86400, 45 * 86400));
        var end = created + cycle;
        var progress = pipeline.Progress;
        if (end <= anchor)
        {
            deal.Stage = _random.Chance(0.5) ? pipeline.Won : PickLost(pipeline);
            deal.Moved = end;
            deal.CloseDate = time.LocalMidnight(end);
        }
        else
        {
            var share = (anchor - created) / cycle;
            var index = Math.Min(progress.Count - 1, (int)(share * progress.Count));
            deal.Stage = progress[index];
            deal.Moved = index == 0
                ? created
                : Min(anchor, created + TimeSpan.FromSeconds(Math.Max(60, (anchor - created).TotalSeconds * (0.5 + (_random.NextDouble() / 2)))));
            deal.CloseDate = time.LocalMidnight(end);
        }

        deal.Modified = Min(anchor, deal.Moved.AddSeconds(_random.Next(0, 2 * 86400)));
        deal.LastActivity = created;
        deal.LastActivityBy = deal.Manager;
        return deal;
    }

    private Stage PickLost(Pipeline pipeline)
    {
        var lost = pipeline.Lost;
        return lost.Count > 1 && _random.Chance(0.2) ? lost[1] : lost[0];
    }

    // ---- activities ----

    private List<Row> Activities(List<DealProto> deals, List<LeadProto> leads, List<ContactProto> contacts)
    {
        var count = Math.Max(0, sizes.Activities);
        var pools = new List<(double Weight, int Kind)>();
        if (deals.Count > 0)
        {
            pools.Add((0.7, 2));
        }

        if (leads.Count > 0)
        {
            pools.Add((0.2, 1));
        }

        if (contacts.Count > 0)
        {
            pools.Add((0.1, 3));
        }

        var activities = new List<ActivityProto>(pools.Count == 0 ? 0 : count);
        for (var i = 0; i < count && pools.Count > 0; i++)
        {
            var ownerType = pools[_random.Weighted([.. pools.Select(p => p.Weight)])].Kind;
            Owner owner = ownerType switch
            {
                2 => _random.Pick(deals),
                1 => _random.Pick(leads),
                _ => _random.Pick(contacts),
            };
            activities.Add(NewActivity(owner, ownerType));
        }

        activities.Sort((a, b) => a.Created != b.Created ? a.Created.CompareTo(b.Created) : a.Sequence.CompareTo(b.Sequence));
        var rows = new List<Row>(activities.Count);
        for (var i = 0; i < activities.Count; i++)
        {
            var activity = activities[i];
            if (activity.Completed && activity.Owner.LastActivity < activity.Created)
            {
                activity.Owner.LastActivity = activity.Created;
                activity.Owner.LastActivityBy = activity.Owner.Manager;
            }

            rows.Add(ActivityRow(activity, i + 1));
        }

        return rows;
    }

    private ActivityProto NewActivity(Owner owner, int ownerType)
    {
        var kind = _random.Weighted(ActivityKindWeights); // 0 call, 1 meeting, 2 e-mail
        var windowEnd = owner.ActiveUntil(anchor);
        var activity = new ActivityProto { Sequence = _sequence++, Owner = owner, OwnerType = ownerType, Kind = kind };
        var duration = kind switch
        {
            0 => TimeSpan.FromSeconds(_random.Next(20, 900)),
            1 => TimeSpan.FromMinutes(_random.Pick(MeetingMinutes)),
            _ => TimeSpan.Zero,
        };

        if (owner.IsOpen && _random.Chance(0.15))
        {
            // Planned: created before the anchor, happening in the coming week.
            activity.Start = anchor.AddSeconds(_random.Next(3600, 7 * 86400));
            activity.Created = Between(owner.Created, anchor, 1);
            activity.Completed = false;
        }
        else
        {
            // An owner created minutes before the anchor gets a call that fits in those minutes.
            if (windowEnd - owner.Created < duration)
            {
                duration = windowEnd > owner.Created ? windowEnd - owner.Created : TimeSpan.Zero;
            }

            activity.Start = Between(owner.Created, windowEnd - duration, 1);
            activity.Completed = true;
            activity.Created = kind == 1 ? Max(owner.Created, activity.Start.AddSeconds(-_random.Next(3600, 5 * 86400))) : activity.Start + duration;
        }

        activity.End = activity.Start + duration;
        activity.Incoming = _random.Chance(0.4);
        return activity;
    }

    private Row ActivityRow(ActivityProto activity, long id)
    {
        var row = new Row(Schemas.Activity, id);
        var owner = activity.Owner;
        var (typeId, provider, providerType) = activity.Kind switch
        {
            0 => (2L, "VOXIMPLANT_CALL", "CALL"),
            1 => (1L, "CRM_MEETING", "MEETING"),
            _ => (4L, "CRM_EMAIL", "EMAIL"),
        };
        var subject = activity.Kind switch
        {
            0 => (activity.Incoming ? "Входящий звонок " : "Исходящий звонок ") + (owner.Phone ?? "+74950000000"),
            1 => _random.Pick(MeetingSubjects),
            _ => (activity.Incoming ? "Re: " : "") + _random.Pick(EmailSubjects),
        };
        Set(row, "OWNER_ID", owner.Id);
        Set(row, "OWNER_TYPE_ID", (long)activity.OwnerType);
        Set(row, "TYPE_ID", typeId);
        Set(row, "PROVIDER_ID", provider);
        Set(row, "PROVIDER_TYPE_ID", providerType);
        Set(row, "SUBJECT", subject);
        Set(row, "CREATED", activity.Created);
        Set(row, "LAST_UPDATED", activity.Completed ? Max(activity.Created, Min(anchor, activity.End)) : activity.Created);
        Set(row, "START_TIME", activity.Start);
        Set(row, "END_TIME", activity.End);
        Set(row, "DEADLINE", activity.Kind == 1 ? activity.Start : activity.End);
        Set(row, "COMPLETED", activity.Completed ? "Y" : "N");
        Set(row, "STATUS", activity.Completed ? 2L : 1L);
        Set(row, "RESPONSIBLE_ID", owner.Manager);
        Set(row, "PRIORITY", 2L);
        Set(row, "NOTIFY_TYPE", activity.Kind == 1 ? 1L : 0L);
        Set(row, "NOTIFY_VALUE", activity.Kind == 1 ? 15L : 0L);
        Set(row, "DESCRIPTION", "");
        Set(row, "DESCRIPTION_TYPE", 1L);
        Set(row, "DIRECTION", activity.Kind == 1 ? 0L : activity.Incoming ? 1L : 2L);
        Set(row, "LOCATION", activity.Kind == 1 ? _random.Pick(RussianData.Cities) : "");
        // Empty settings come back as [] (a PHP empty array), one of the quirks a client must accept (§7.4).
        Set(row, "SETTINGS", EmptyArray.DeepClone());
        Set(row, "ORIGIN_ID", activity.Kind == 0 ? $"VI_{_random.NextUInt64():x16}" : null);
        Set(row, "AUTHOR_ID", owner.Manager);
        Set(row, "EDITOR_ID", owner.Manager);
        Set(row, "PROVIDER_PARAMS", EmptyArray.DeepClone());
        Set(row, "RESULT_MARK", 0L);
        Set(row, "RESULT_STATUS", 0L);
        Set(row, "RESULT_STREAM", 0L);
        Set(row, "AUTOCOMPLETE_RULE", 0L);
        return row;
    }

    // ---- tasks ----

    private List<Row> Tasks(List<DealProto> deals, List<ContactProto> contacts)
    {
        var count = Math.Max(0, sizes.Tasks);
        var tasks = new List<TaskProto>(count);
        for (var i = 0; i < count; i++)
        {
            var task = new TaskProto { Sequence = _sequence++ };
            var binding = _random.NextDouble();
            DateTimeOffset from = _start;
            if (binding < 0.6 && deals.Count > 0)
            {
                task.Deal = _random.Pick(deals);
                from = task.Deal.Created;
            }
            else if (binding < 0.75 && contacts.Count > 0)
            {
                task.Contact = _random.Pick(contacts);
                from = task.Contact.Created;
            }

            task.Created = Between(from, Max(from, anchor.AddHours(-1)), 1);
            task.Responsible = task.Deal?.Manager ?? task.Contact?.Manager ?? ManagerAt(task.Created);
            task.Responsible = ManagerAt(task.Created, task.Responsible);
            var local = TimeZoneInfo.ConvertTime(task.Created, time.Zone);
            task.Deadline = time.AtLocal(local.Date.AddDays(_random.Next(1, 15)).AddHours(18));
            if (task.Deadline < anchor)
            {
                var roll = _random.NextDouble();
                if (roll < 0.85)
                {
                    task.Status = 5;
                    var late = _random.Chance(0.3) && task.Deadline.AddHours(1) < anchor;
                    task.Closed = late
                        ? Min(anchor, task.Deadline.AddSeconds(_random.Next(3600, 5 * 86400)))
                        : Between(task.Created.AddMinutes(10), task.Deadline, 1);
                }
                else
                {
                    task.Status = roll < 0.9 ? 6 : 3;
                }
            }
            else
            {
                task.Status = _random.Weighted(OpenTaskWeights) switch
                {
                    0 => 2,
                    1 => 3,
                    _ => 4,
                };
            }

            task.Changed = task.Closed ?? Between(task.Created, task.Created + ((anchor - task.Created) / 3), 0.7);
            task.Title = _random.Pick(RussianData.TaskTitles);
            task.HighPriority = _random.Chance(0.15);
            task.CreatedBy = _random.Chance(0.5) ? task.Responsible : _random.Chance(0.5) ? AdminId : HeadOf(task.Responsible);
            tasks.Add(task);
        }

        tasks.Sort((a, b) => a.Created != b.Created ? a.Created.CompareTo(b.Created) : a.Sequence.CompareTo(b.Sequence));
        return [.. tasks.Select((t, i) => TaskRow(t, i + 1))];
    }

    private Row TaskRow(TaskProto task, long id)
    {
        var row = new Row(Schemas.Task, id);
        var title = task.Title + (task.Deal is { } deal ? $" по сделке #{deal.Id}" : task.Contact is { } contact ? $": {contact.Person.First} {contact.Person.Last}" : "");
        Set(row, "TITLE", title);
        Set(row, "DESCRIPTION", task.Deal is null ? "" : $"[URL=/crm/deal/details/{task.Deal.Id}/]{task.Deal.Title}[/URL]");
        Set(row, "PRIORITY", task.HighPriority ? 2L : 1L);
        Set(row, "MULTITASK", "N");
        Set(row, "NOT_VIEWED", "N");
        Set(row, "REPLICATE", "N");
        Set(row, "STAGE_ID", 0L);
        Set(row, "CREATED_BY", task.CreatedBy);
        Set(row, "CREATED_DATE", task.Created);
        Set(row, "RESPONSIBLE_ID", task.Responsible);
        Set(row, "CHANGED_BY", task.Responsible);
        Set(row, "CHANGED_DATE", task.Changed);
        Set(row, "STATUS_CHANGED_BY", task.Responsible);
        Set(row, "STATUS_CHANGED_DATE", task.Changed);
        Set(row, "CLOSED_BY", task.Closed is null ? null : task.Responsible);
        Set(row, "CLOSED_DATE", task.Closed);
        Set(row, "ACTIVITY_DATE", task.Changed);
        Set(row, "DATE_START", task.Status is 3 or 4 or 5 ? task.Created : null);
        Set(row, "DEADLINE", task.Deadline);
        Set(row, "GROUP_ID", 0L);
        Set(row, "ALLOW_CHANGE_DEADLINE", "Y");
        Set(row, "TASK_CONTROL", "N");
        Set(row, "REAL_STATUS", (long)task.Status);
        Set(row, "UF_CRM_TASK", task.Deal is { } d ? [$"D_{d.Id}"] : task.Contact is { } c ? [$"C_{c.Id}"] : Array.Empty<string>());
        return row;
    }

    // ---- rows of the CRM entities ----

    private Row ContactRow(ContactProto contact)
    {
        var row = new Row(Schemas.Contact, contact.Id);
        Set(row, "NAME", contact.Person.First);
        Set(row, "SECOND_NAME", contact.Person.Patronymic);
        Set(row, "LAST_NAME", contact.Person.Last);
        Set(row, "TYPE_ID", "CLIENT");
        Set(row, "SOURCE_ID", contact.Source);
        Set(row, "POST", contact.Post);
        Set(row, "OPENED", "Y");
        Set(row, "EXPORT", "Y");
        Set(row, "HAS_IMOL", "N");
        Set(row, "ASSIGNED_BY_ID", contact.Manager);
        Set(row, "CREATED_BY_ID", contact.Manager);
        Set(row, "MODIFY_BY_ID", contact.Manager);
        Set(row, "DATE_CREATE", contact.Created);
        Set(row, "DATE_MODIFY", contact.Modified);
        Set(row, "LEAD_ID", contact.Lead?.Id);
        Set(row, "LAST_ACTIVITY_TIME", contact.LastActivity);
        Set(row, "LAST_ACTIVITY_BY", contact.LastActivityBy);
        SetCommunications(row, contact.Phone, contact.PhoneType, contact.Email);
        return row;
    }

    private Row LeadRow(LeadProto lead)
    {
        var row = new Row(Schemas.Lead, lead.Id);
        var status = Reference.LeadStatus(lead.Status)!;
        Set(row, "TITLE", lead.Title);
        Set(row, "NAME", lead.Person.First);
        Set(row, "SECOND_NAME", lead.Person.Patronymic);
        Set(row, "LAST_NAME", lead.Person.Last);
        Set(row, "COMPANY_TITLE", lead.Company);
        Set(row, "CONTACT_ID", lead.Contact?.Id);
        Set(row, "IS_RETURN_CUSTOMER", lead.ReturnCustomer ? "Y" : "N");
        Set(row, "SOURCE_ID", lead.Source);
        Set(row, "STATUS_ID", status.StatusId);
        Set(row, "STATUS_SEMANTIC_ID", status.Semantic.ToString());
        Set(row, "CURRENCY_ID", "RUB");
        Set(row, "OPPORTUNITY", lead.Opportunity);
        Set(row, "IS_MANUAL_OPPORTUNITY", "N");
        Set(row, "HAS_IMOL", "N");
        Set(row, "ASSIGNED_BY_ID", lead.Manager);
        Set(row, "CREATED_BY_ID", lead.Manager);
        Set(row, "MODIFY_BY_ID", lead.Manager);
        Set(row, "MOVED_BY_ID", lead.Manager);
        Set(row, "DATE_CREATE", lead.Created);
        Set(row, "DATE_MODIFY", lead.Modified);
        Set(row, "MOVED_TIME", lead.Moved);
        Set(row, "DATE_CLOSED", lead.Closed);
        Set(row, "OPENED", "Y");
        Set(row, "UTM_SOURCE", lead.UtmSource);
        Set(row, "UTM_MEDIUM", lead.UtmMedium);
        Set(row, "UTM_CAMPAIGN", lead.UtmCampaign);
        Set(row, "LAST_ACTIVITY_TIME", lead.LastActivity);
        Set(row, "LAST_ACTIVITY_BY", lead.LastActivityBy);
        SetCommunications(row, lead.Phone, "WORK", lead.Email);
        return row;
    }

    private Row DealRow(DealProto deal)
    {
        var row = new Row(Schemas.Deal, deal.Id);
        var first = deal.Pipeline.Stages[0];
        Set(row, "TITLE", deal.Title);
        Set(row, "TYPE_ID", deal.Type);
        Set(row, "CATEGORY_ID", (long)deal.Pipeline.Id);
        Set(row, "STAGE_ID", deal.Stage.StatusId);
        Set(row, "STAGE_SEMANTIC_ID", deal.Stage.Semantic.ToString());
        Set(row, "IS_NEW", deal.Stage == first ? "Y" : "N");
        Set(row, "IS_RECURRING", "N");
        Set(row, "IS_RETURN_CUSTOMER", deal.ReturnCustomer ? "Y" : "N");
        Set(row, "IS_REPEATED_APPROACH", "N");
        Set(row, "CURRENCY_ID", "RUB");
        Set(row, "OPPORTUNITY", deal.Opportunity);
        Set(row, "IS_MANUAL_OPPORTUNITY", "N");
        Set(row, "TAX_VALUE", 0m);
        Set(row, "CONTACT_ID", deal.Contact?.Id);
        Set(row, "BEGINDATE", time.LocalMidnight(deal.Created));
        Set(row, "CLOSEDATE", deal.CloseDate);
        Set(row, "OPENED", "Y");
        Set(row, "CLOSED", deal.Stage.IsFinal ? "Y" : "N");
        Set(row, "COMMENTS", "");
        Set(row, "ASSIGNED_BY_ID", deal.Manager);
        Set(row, "CREATED_BY_ID", deal.Manager);
        Set(row, "MODIFY_BY_ID", deal.Manager);
        Set(row, "MOVED_BY_ID", deal.Manager);
        Set(row, "DATE_CREATE", deal.Created);
        Set(row, "DATE_MODIFY", deal.Modified);
        Set(row, "MOVED_TIME", deal.Moved);
        Set(row, "SOURCE_ID", deal.Source);
        Set(row, "LEAD_ID", deal.Lead?.Id);
        Set(row, "UTM_SOURCE", deal.UtmSource);
        Set(row, "UTM_MEDIUM", deal.UtmMedium);
        Set(row, "UTM_CAMPAIGN", deal.UtmCampaign);
        Set(row, "LAST_ACTIVITY_TIME", deal.LastActivity);
        Set(row, "LAST_ACTIVITY_BY", deal.LastActivityBy);
        return row;
    }

    private void SetCommunications(Row row, string? phone, string phoneType, string? email)
    {
        row["HAS_PHONE"] = phone is null ? "N" : "Y";
        row["HAS_EMAIL"] = email is null ? "N" : "Y";
        if (phone is not null)
        {
            row["PHONE"] = new[] { new MultiValue(_nextMultiId++, "PHONE", phoneType, phone) };
        }

        if (email is not null)
        {
            row["EMAIL"] = new[] { new MultiValue(_nextMultiId++, "EMAIL", "WORK", email) };
        }
    }

    // ---- helpers ----

    private static void Set(Row row, string field, object? value) => row[field] = value;

    private DateTimeOffset At(long secondsFromStart) => _start.AddSeconds(secondsFromStart);

    /// <summary>An instant in [from, to] (whole seconds), or <paramref name="from"/> itself with probability 1 − <paramref name="chance"/>.</summary>
    private DateTimeOffset Between(DateTimeOffset from, DateTimeOffset to, double chance)
    {
        if (to <= from || !_random.Chance(chance))
        {
            return from;
        }

        return from.AddSeconds(_random.NextLong(0, (long)(to - from).TotalSeconds + 1));
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private Person NewPerson()
    {
        var female = _random.Chance(0.45);
        var last = _random.Pick(RussianData.LastNames);
        var patronymic = _random.Pick(RussianData.Patronymics);
        return new Person(
            _random.Pick(female ? RussianData.FemaleNames : RussianData.MaleNames),
            female ? RussianData.FemaleLastName(last) : last,
            female ? patronymic.Female : patronymic.Male,
            female);
    }

    private string Phone() => string.Create(CultureInfo.InvariantCulture, $"+79{_random.Next(0, 100):D2}{_random.Next(0, 10_000_000):D7}");

    private string Email(Person person)
    {
        var name = RussianData.Transliterate(person.First) + (_random.Chance(0.5) ? "." : "_") + RussianData.Transliterate(person.Last);
        var suffix = _random.Chance(0.4) ? _random.Next(1, 100).ToString(CultureInfo.InvariantCulture) : "";
        return $"{name}{suffix}@{_random.Pick(RussianData.EmailDomains)}";
    }

    private string CompanyTitle()
    {
        var form = _random.Pick(RussianData.CompanyForms);
        if (form == "ИП")
        {
            var person = NewPerson();
            return $"ИП {person.Last} {person.First[0]}. {person.Patronymic[0]}.";
        }

        return $"{form} «{_random.Pick(RussianData.CompanyNames)}»";
    }

    /// <summary>A rouble amount, log-uniform between the bounds: round hundreds or thousands, and now and then with kopecks.</summary>
    private decimal Amount(int min, int max)
    {
        var value = Math.Exp(Math.Log(min) + (_random.NextDouble() * (Math.Log(max) - Math.Log(min))));
        var step = value < 100_000 ? 100m : 1000m;
        var amount = Math.Round((decimal)value / step, MidpointRounding.AwayFromZero) * step;
        return _random.Chance(0.15) ? amount + (_random.Next(1, 100) / 100m) : amount;
    }

    /// <summary>A manager for a record made at <paramref name="at"/>: the preferred one unless they had already left.</summary>
    private long ManagerAt(DateTimeOffset at, long preferred = 0)
    {
        if (_managers.Count == 0)
        {
            return AdminId;
        }

        var manager = _managers.FirstOrDefault(m => m.Id == preferred);
        for (var attempt = 0; (manager is null || manager.FiredAt < at) && attempt < 20; attempt++)
        {
            manager = _random.Pick(_managers);
        }

        return manager is null || manager.FiredAt < at ? _managers[0].Id : manager.Id;
    }

    private long HeadOf(long managerId)
    {
        var department = _managers.FirstOrDefault(m => m.Id == managerId)?.DepartmentId;
        return _managers.FirstOrDefault(m => m.DepartmentId == department && m.Position.StartsWith("Руководитель", StringComparison.Ordinal))?.Id ?? AdminId;
    }

    private List<T> Shuffled<T>(List<T> items)
    {
        var copy = new List<T>(items);
        for (var i = copy.Count - 1; i > 0; i--)
        {
            var j = _random.Next(0, i + 1);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }

        return copy;
    }

    /// <summary>IDs grow with creation time, as the portal's auto-increment does.</summary>
    private static void SortAndNumber<T>(List<T> items)
        where T : Owner
    {
        items.Sort((a, b) => a.Created != b.Created ? a.Created.CompareTo(b.Created) : a.Sequence.CompareTo(b.Sequence));
        for (var i = 0; i < items.Count; i++)
        {
            items[i].Id = i + 1;
        }
    }
}
