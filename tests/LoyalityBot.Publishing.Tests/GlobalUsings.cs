global using System.Text.Json.Nodes;
global using Xunit;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
