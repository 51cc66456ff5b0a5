// Every test here starts processes (Cake, dotnet build, the domino tool) against an emulator: the fast lane skips them all.
[assembly: AssemblyTrait("Category", "EndToEnd")]
