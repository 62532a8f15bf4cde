using Orchestron.Host;
using Orchestron.Host.Configuration;

if (OrchestronHostOptionsLoader.IsHelpRequested(args))
{
    Console.Out.Write(OrchestronSettings.Usage());
    return 0;
}

WebApplication built;
try
{
    built = OrchestronHostApp.Build(args);
}
catch (OrchestronConfigurationException exception)
{
    // A configuration mistake is the user's to fix: say what is wrong, without a stack trace.
    Console.Error.WriteLine(exception.Message);
    return 2;
}

// Disposed on the way out, so the media transport and every other singleton close before the process exits.
await using var app = built;
try
{
    await app.StartAsync();
}
catch (IOException exception)
{
    Console.Error.WriteLine($"Could not listen for HTTP: {exception.Message}");
    return 1;
}

await app.WaitForShutdownAsync();
return 0;
