var builder = WebApplication.CreateSlimBuilder(args);
var app = builder.Build();
app.MapGet("/api/health", () => Results.Text("ok"));
app.Run();
