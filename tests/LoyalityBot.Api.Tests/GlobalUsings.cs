global using System.Globalization;
global using System.Net;
global using System.Net.Http.Json;
global using Xunit;
global using LoyalityBot.Hosting.Testing;
