using Orchestron.Host;
using Orchestron.Host.Configuration;

if (OrchestronHostOptionsLoader.IsHelpRequested(args))
{
    Console.Out.Write(OrchestronSettings.Usage());
    return 0;
}

WebApplication app;
try
{
    app = OrchestronHostApp.Build(args);
}
catch (OrchestronConfigurationException exception)
{
    // A configuration mistake is the user's to fix: say what is wrong, without a stack trace.
    Console.Error.WriteLine(exception.Message);
    return 2;
}

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
