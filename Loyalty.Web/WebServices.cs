using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.DataProtection;
using Loyalty.Core.Bitrix24;
using Loyalty.Core.Data;
using Loyalty.Core.Identity;
using Loyalty.Core.Portal;
using Loyalty.Web.Components;
using Loyalty.Web.Components.Account;
using Loyalty.Web.Components.Nps;
using Loyalty.Web.Components.Referral;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Connection;
using Loyalty.Web.Jobs;
using Loyalty.Web.Sandbox;
using Loyalty.Web.Sandbox.Mail;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace Loyalty.Web;

internal static class WebServices
{
    /// <summary>
    /// The formats of the reader's language (decision 013): ru-RU for Russian, en-GB with the ₽ sign for English. Follows
    /// <see cref="CultureInfo.CurrentUICulture"/>, which the request (and the circuit) carries.
    /// </summary>
    public static CultureInfo FormatCulture => FormatCultureOf(CultureInfo.CurrentUICulture);

    public static CultureInfo FormatCultureOf(CultureInfo language) => PortalCultures.FormatsOf(language);

    public static readonly IReadOnlyDictionary<string, CultureInfo> Languages = new Dictionary<string, CultureInfo>
    {
        ["ru"] = CultureInfo.GetCultureInfo("ru"),
        ["en"] = CultureInfo.GetCultureInfo("en"),
    };

    public static IHostApplicationBuilder AddWebServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            options.SnackbarConfiguration.VisibleStateDuration = 6000;
        });

        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = ".Loyalty.Auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.LoginPath = "/Account/Login";
            options.LogoutPath = "/Account/Logout";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.ExpireTimeSpan = TimeSpan.FromHours(10);
            options.SlidingExpiration = true;
            Endpoints.CabinetEndpoints.Configure(options);
        });
        // A session ends within a minute of a password change, a lock or a sign-out elsewhere (all change the stamp).
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddAuthorization(Policies.Register);
        services.AddSignInRateLimit(builder.Configuration);

        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var portal = builder.Configuration.GetSection(PortalOptions.Section).Get<PortalOptions>() ?? new PortalOptions();
            var language = Languages[portal.DefaultLanguage];
            options.DefaultRequestCulture = new RequestCulture(FormatCultureOf(language), language);
            options.SupportedCultures = [PortalCultures.Russian, PortalCultures.English];
            options.SupportedUICultures = [.. Languages.Values];
            // Only the user's choice (a cookie) changes the language; the browser's Accept-Language does not.
            options.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });

        // Cyrillic stays readable (and short) in the HTML instead of becoming numeric entities.
        services.AddWebEncoders(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        // Keys (cookies, anti-forgery, protected settings) live beside the database and survive restarts.
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var keys = Path.Combine(Path.GetDirectoryName(database.ResolveSqlitePath(builder.Environment.ContentRootPath))!, "keys");
        services.AddDataProtection().SetApplicationName("Loyalty").PersistKeysToFileSystem(new DirectoryInfo(keys));

        if (PortalMode.Of(builder).IsSandbox)
        {
            // The emulated portal inside this app; the client reaches it over real HTTP (AddPortalMode registered its endpoint).
            builder.AddBitrix24Sandbox();
            // Its mail and SMS side: a real SMTP server, an SMS.ru-like gateway and the mailbox that shows what they received.
            builder.AddSandboxNotifications();
        }

        builder.AddPortalJobs();
        services.AddSingleton<SetupState>();
        services.AddScoped<IdentityErrorText>();
        services.AddTransient<MudLocalizer, PortalMudLocalizer>();
        return builder;
    }

    public static async Task InitializeDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
    }

    public static WebApplication UseWebPipeline(this WebApplication app)
    {
        // First, so that error pages and short-circuited answers carry the headers too.
        app.UseSecurityHeaders();

        // The developer exception page (source, headers, cookies) only where a developer asked for it
        // (ASPNETCORE_ENVIRONMENT=Development); everyone else gets a request ID and no internals.
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            // Machines (Bitrix24 events, the sandbox's REST API under /sandbox/rest and /rest) get a JSON error instead of the page.
            app.UseWhen(IsMachinePath, branch => branch.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WriteJsonErrorAsync }));
            app.UseHsts();
        }

        // People get a page for 404s; machines (events, the sandbox's REST API, POSTs) get the status as it is.
        app.UseWhen(
            context => HttpMethods.IsGet(context.Request.Method) && !IsMachinePath(context),
            branch => branch.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseRequestLocalization(app.Services.GetRequiredService<IOptions<RequestLocalizationOptions>>().Value);
        app.UseReferralRequestLimits();
        app.UseNpsRequestLimits();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseMiddleware<SetupRedirectMiddleware>();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapPortalPages(this WebApplication app)
    {
        app.MapStaticAssets();
        // frame-ancestors is part of the portal's own policy (SecurityHeaders), not a second header of Blazor's.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }

    private static bool IsMachinePath(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/sandbox") || context.Request.Path.StartsWithSegments("/rest");

    private static async Task WriteJsonErrorAsync(HttpContext context)
    {
        // The same envelope as Bitrix24's errors, so a client of either reads it the same way; no internals.
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsJsonAsync(new Dictionary<string, string>
        {
            ["error"] = "INTERNAL_SERVER_ERROR",
            ["error_description"] = "The request could not be processed. Request ID: " + context.TraceIdentifier,
        });
    }
}
