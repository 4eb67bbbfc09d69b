using LoyalityBot.Hosting.ApplicationModel;
using LoyalityBot.Hosting.Testing;

namespace LoyalityBot.Hosting.Tests;

/// <summary>
/// The AppHost's choice of Telegram: with all three bot tokens configured the services use Telegram itself and no
/// sandbox starts; with none the sandbox does (see <see cref="StackTests"/>); a partial set is refused.
/// </summary>
public sealed class TelegramModeTests
{
    private static readonly string[] RealTokens =
        ["--Parameters:client-bot-token=111:client-real", "--Parameters:partner-bot-token=222:partner-real", "--Parameters:admin-bot-token=333:admin-real"];

    [Fact]
    public void With_all_three_bot_tokens_the_services_get_them_and_no_sandbox_starts()
    {
        var builder = DistributedApplicationTestingBuilder.Create(RealTokens);

        Assert.DoesNotContain(builder.Resources, r => r.Name == "telegram");
        foreach (var service in new[] { "api", "bots", "workers" })
        {
            var project = builder.Resources.OfType<ProjectResource>().Single(p => p.Name == service);
            var environment = ResourceEnvironment.Collect(project, builder.ExecutionContext);

            Assert.DoesNotContain("Telegram__ApiBaseUrl", environment.Keys);
            foreach (var bot in new[] { "client", "partner", "admin" })
            {
                var token = Assert.IsType<ParameterResource>(environment[$"Telegram__Bots__{bot}__Token"]);
                Assert.Equal(($"{bot}-bot-token", true), (token.Name, token.Secret));
            }
        }
    }

    [Fact]
    public void A_partial_set_of_bot_tokens_is_refused_with_a_clear_message()
    {
        var error = Assert.ThrowsAny<Exception>(() => DistributedApplicationTestingBuilder.Create(RealTokens[0]));

        Assert.Contains("Configure all three bot tokens", error.ToString(), StringComparison.Ordinal);
    }
}
