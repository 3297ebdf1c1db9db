using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Loyalty.Web;

internal static class RepositorySettings
{
    /// <summary>
    /// The portal reads one appsettings.json: the one at the repository root, which the build copies beside
    /// the binaries. The host looks for appsettings files in the content root (the project folder under
    /// <c>dotnet run</c>), so its JSON sources are pointed at the binaries' folder instead, in place, which
    /// keeps environment variables and the command line above them.
    /// </summary>
    public static WebApplicationBuilder UseRepositoryAppSettings(this WebApplicationBuilder builder)
    {
        var sources = builder.Configuration.Sources;
        var binaries = new PhysicalFileProvider(AppContext.BaseDirectory);
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource { Path: { } path } json && path.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase))
            {
                sources[i] = new JsonConfigurationSource
                {
                    Path = path,
                    Optional = true,
                    ReloadOnChange = false,
                    FileProvider = binaries,
                };
            }
        }

        return builder;
    }
}
