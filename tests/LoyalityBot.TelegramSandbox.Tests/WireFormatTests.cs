using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace LoyalityBot.TelegramSandbox.Tests;

/// <summary>The raw HTTP shapes: query, form, JSON and multipart bodies, case-insensitive methods, envelopes for bad input.</summary>
public sealed class WireFormatTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<long> StartedChatAsync()
    {
        var user = await fixture.NewUserAsync();
        await fixture.Sandbox.StartAsync("client", user.Id, cancellationToken: Ct);
        return user.Id;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(Ct));
        }
    }

    [Fact]
    public async Task Form_query_and_multipart_bodies_are_accepted_and_method_names_ignore_case()
    {
        var chatId = (await StartedChatAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var form = await ReadAsync(await fixture.Http.PostAsync($"/bot{SandboxFixture.ClientToken}/SENDMESSAGE", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["chat_id"] = chatId,
            ["text"] = "from a form",
            ["reply_markup"] = """{"inline_keyboard":[[{"text":"Go","callback_data":"go"}]]}""",
        }), Ct));
        var query = await ReadAsync(await fixture.Http.GetAsync($"/bot{SandboxFixture.ClientToken}/sendmessage?chat_id={chatId}&text=from%20a%20query", Ct));
        using var multipart = new MultipartFormDataContent
        {
            { new StringContent(chatId), "chat_id" },
            { new StringContent("attach://0"), "document" },
            { new ByteArrayContent("hello"u8.ToArray()), "0", "hello.txt" },
        };
        var upload = await ReadAsync(await fixture.Http.PostAsync($"/bot{SandboxFixture.ClientToken}/test/sendDocument", multipart, Ct));

        using var getMe = await fixture.Http.GetAsync($"/bot{SandboxFixture.ClientToken}/getMe", Ct);
        Assert.Equal(getMe.Content.Headers.ContentLength, (await getMe.Content.ReadAsByteArrayAsync(Ct)).Length);
        Assert.NotEqual(true, getMe.Headers.TransferEncodingChunked);
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.True(form.Body.GetProperty("ok").GetBoolean());
        Assert.Equal("go", form.Body.GetProperty("result").GetProperty("reply_markup").GetProperty("inline_keyboard")[0][0].GetProperty("callback_data").GetString());
        Assert.Equal("from a query", query.Body.GetProperty("result").GetProperty("text").GetString());
        Assert.Equal("hello.txt", upload.Body.GetProperty("result").GetProperty("document").GetProperty("file_name").GetString());
    }

    [Fact]
    public async Task Bad_input_always_gets_the_error_envelope()
    {
        var chatId = await StartedChatAsync();
        var token = SandboxFixture.ClientToken;

        var badJson = await ReadAsync(await fixture.Http.PostAsync($"/bot{token}/sendMessage", new StringContent("{not json", null, "application/json"), Ct));
        var badMarkup = await ReadAsync(await fixture.Http.PostAsJsonAsync($"/bot{token}/sendMessage", new { chat_id = chatId, text = "x", reply_markup = "[[[" }, Ct));
        var badChatId = await ReadAsync(await fixture.Http.PostAsJsonAsync($"/bot{token}/sendMessage", new { chat_id = "@nobody", text = "x" }, Ct));
        var noChatId = await ReadAsync(await fixture.Http.PostAsJsonAsync($"/bot{token}/sendMessage", new { text = "x" }, Ct));
        var badNumber = await ReadAsync(await fixture.Http.PostAsJsonAsync($"/bot{token}/deleteMessage", new { chat_id = chatId, message_id = "abc" }, Ct));
        var badMode = await ReadAsync(await fixture.Http.PostAsJsonAsync($"/bot{token}/sendMessage", new { chat_id = chatId, text = "x", parse_mode = "bbcode" }, Ct));
        var unknown = await ReadAsync(await fixture.Http.PostAsync($"/bot{token}/sendTelepathy", null, Ct));
        var badButton = await ReadAsync(await fixture.Http.PostAsJsonAsync($"/bot{token}/sendMessage",
            new { chat_id = chatId, text = "x", reply_markup = new { inline_keyboard = new[] { new[] { new { text = "plain" } } } } }, Ct));

        Assert.Equal((HttpStatusCode.BadRequest, "Bad Request: can't parse JSON object"), (badJson.Status, badJson.Body.GetProperty("description").GetString()));
        Assert.Equal("Bad Request: can't parse reply keyboard markup JSON object", badMarkup.Body.GetProperty("description").GetString());
        Assert.Equal("Bad Request: chat not found", badChatId.Body.GetProperty("description").GetString());
        Assert.Equal("Bad Request: chat_id is empty", noChatId.Body.GetProperty("description").GetString());
        Assert.Equal("Bad Request: invalid message_id specified", badNumber.Body.GetProperty("description").GetString());
        Assert.Equal("Bad Request: unsupported parse_mode \"bbcode\"", badMode.Body.GetProperty("description").GetString());
        Assert.Equal((HttpStatusCode.NotFound, 404), (unknown.Status, unknown.Body.GetProperty("error_code").GetInt32()));
        Assert.Equal("Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard", badButton.Body.GetProperty("description").GetString());
        foreach (var (_, body) in new[] { badJson, badMarkup, badChatId, noChatId, badNumber, badMode, unknown, badButton })
        {
            Assert.False(body.GetProperty("ok").GetBoolean());
        }
    }

    [Fact]
    public async Task Control_api_is_described_by_its_own_OpenAPI_document()
    {
        var document = await fixture.Http.GetFromJsonAsync<JsonElement>("/openapi/control.json", Ct);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains("/control/users", paths);
        Assert.Contains("/control/bots/{bot}/users/{userId}/inline-button", paths);
        Assert.Contains("/control/reset", paths);
        Assert.DoesNotContain(paths, path => path.StartsWith("/bot", StringComparison.Ordinal));
    }
}
