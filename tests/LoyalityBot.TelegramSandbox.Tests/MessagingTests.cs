namespace LoyalityBot.TelegramSandbox.Tests;

/// <summary>Telegram.Bot, the real client, sending and changing messages in the sandbox.</summary>
public sealed class MessagingTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<SandboxUser> StartedUserAsync(string bot = "client")
    {
        var user = await fixture.NewUserAsync();
        await fixture.Sandbox.StartAsync(bot, user.Id, cancellationToken: Ct);
        return user;
    }

    [Fact]
    public async Task GetMe_describes_the_configured_bot()
    {
        var me = await fixture.Bot(SandboxFixture.PartnerToken).GetMe(Ct);

        Assert.Equal(1000002, me.Id);
        Assert.True(me.IsBot);
        Assert.Equal("loyality_partner_bot", me.Username);
        Assert.Equal("admin_bot", (await fixture.Bot(SandboxFixture.AdminToken).GetMe(Ct)).Username);
    }

    [Fact]
    public async Task SendMessage_with_Html_returns_the_message_with_entities_and_lands_in_the_transcript()
    {
        var user = await StartedUserAsync();

        var message = await fixture.Bot().SendMessage(user.Id, "<b>Hello</b>, <i>dear</i> <a href=\"https://example.org\">friend</a> &lt;3",
            ParseMode.Html, cancellationToken: Ct);

        Assert.Equal("Hello, dear friend <3", message.Text);
        Assert.Equal(user.Id, message.Chat.Id);
        Assert.Equal(ChatType.Private, message.Chat.Type);
        Assert.Equal(1000001, message.From!.Id);
        Assert.True(message.Date > DateTime.UtcNow.AddMinutes(-1));
        Assert.Collection(message.Entities!,
            bold => Assert.Equal((MessageEntityType.Bold, 0, 5), (bold.Type, bold.Offset, bold.Length)),
            italic => Assert.Equal((MessageEntityType.Italic, 7, 4), (italic.Type, italic.Offset, italic.Length)),
            link => Assert.Equal((MessageEntityType.TextLink, 12, 6, "https://example.org"), (link.Type, link.Offset, link.Length, link.Url)));
        var transcript = await fixture.Sandbox.GetTranscriptAsync("client", user.Id, Ct);
        var last = transcript.Messages[^1];
        Assert.Equal(2, transcript.Version);
        Assert.Equal((TranscriptEntry.FromBot, message.Id, "Hello, dear friend <3"), (last.From, last.MessageId, last.Text));
    }

    [Fact]
    public async Task SendMessage_with_MarkdownV2_parses_entities_and_rejects_unescaped_reserved_characters()
    {
        var user = await StartedUserAsync();
        var bot = fixture.Bot();

        var message = await bot.SendMessage(user.Id, "*bold* _it_ __under__ ~gone~ ||secret|| `code` [site](https://example.org) 1\\.5\\!",
            ParseMode.MarkdownV2, cancellationToken: Ct);
        var error = await Assert.ThrowsAsync<ApiRequestException>(() => bot.SendMessage(user.Id, "Price: 1.5", ParseMode.MarkdownV2, cancellationToken: Ct));
        var unclosed = await Assert.ThrowsAsync<ApiRequestException>(() => bot.SendMessage(user.Id, "<b>open", ParseMode.Html, cancellationToken: Ct));

        Assert.Equal("bold it under gone secret code site 1.5!", message.Text);
        Assert.Equal(
            [MessageEntityType.Bold, MessageEntityType.Italic, MessageEntityType.Underline, MessageEntityType.Strikethrough,
             MessageEntityType.Spoiler, MessageEntityType.Code, MessageEntityType.TextLink],
            message.Entities!.Select(e => e.Type));
        Assert.Equal(400, error.ErrorCode);
        Assert.Equal("Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'", error.Message);
        Assert.Equal("Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"", unclosed.Message);
    }

    [Fact]
    public async Task Reply_keyboard_is_shown_until_removed_and_its_buttons_send_text_or_the_contact()
    {
        var user = await StartedUserAsync();
        var bot = fixture.Bot();
        var keyboard = new ReplyKeyboardMarkup([[KeyboardButton.WithRequestContact("Share phone")], [new KeyboardButton("Balance")]]) { ResizeKeyboard = true };

        await bot.SendMessage(user.Id, "Choose", replyMarkup: keyboard, cancellationToken: Ct);
        var shown = (await fixture.Sandbox.GetTranscriptAsync("client", user.Id, Ct)).ReplyKeyboard;
        await fixture.Sandbox.PressReplyButtonAsync("client", user.Id, "Balance", Ct);
        await fixture.Sandbox.PressReplyButtonAsync("client", user.Id, "Share phone", Ct);
        await bot.SendMessage(user.Id, "Thanks", replyMarkup: new ReplyKeyboardRemove(), cancellationToken: Ct);
        var removed = (await fixture.Sandbox.GetTranscriptAsync("client", user.Id, Ct)).ReplyKeyboard;
        var updates = await bot.GetUpdates(cancellationToken: Ct);
        var mine = updates.Where(u => u.Message?.Chat.Id == user.Id).Select(u => u.Message!).ToList();

        Assert.Equal(["Share phone", "Balance"], shown!.Buttons.Select(b => b.Text));
        Assert.True(shown.Buttons.First().RequestContact);
        Assert.Null(removed);
        Assert.Equal(3, mine.Count);
        Assert.Equal("Balance", mine[1].Text);
        Assert.Equal(("+15550100", user.Id), (mine[2].Contact!.PhoneNumber, mine[2].Contact!.UserId));
        await Assert.ThrowsAsync<SandboxException>(() => fixture.Sandbox.PressReplyButtonAsync("client", user.Id, "Balance", Ct));
    }

    [Fact]
    public async Task Inline_button_press_becomes_a_callback_query_and_its_answer_is_recorded()
    {
        var user = await StartedUserAsync("partner");
        var bot = fixture.Bot(SandboxFixture.PartnerToken);
        var sent = await bot.SendMessage(user.Id, "Confirm?", replyMarkup: new InlineKeyboardMarkup(
            [[InlineKeyboardButton.WithCallbackData("Yes", "confirm:1"), InlineKeyboardButton.WithUrl("Site", "https://example.org")]]), cancellationToken: Ct);

        var pressed = await fixture.Sandbox.PressInlineButtonAsync("partner", user.Id, "Yes", Ct);
        var byUrl = await fixture.Sandbox.PressInlineButtonAsync("partner", user.Id, new PressInlineButtonRequest(Text: "Site"), Ct);
        var callback = (await bot.GetUpdates(cancellationToken: Ct)).Select(u => u.CallbackQuery).Single(c => c?.From.Id == user.Id)!;
        await bot.AnswerCallbackQuery(callback.Id, "Confirmed!", cancellationToken: Ct);
        var twice = await Assert.ThrowsAsync<ApiRequestException>(() => bot.AnswerCallbackQuery(callback.Id, cancellationToken: Ct));
        var transcript = await fixture.Sandbox.GetTranscriptAsync("partner", user.Id, Ct);

        Assert.Equal(InlineKeyboardButton.WithCallbackData("Yes", "confirm:1").CallbackData, sent.ReplyMarkup!.InlineKeyboard.First().First().CallbackData);
        Assert.Equal(pressed.CallbackQueryId, callback.Id);
        Assert.Equal("confirm:1", callback.Data);
        Assert.Equal(sent.Id, callback.Message!.Id);
        Assert.Equal("https://example.org", byUrl.Url);
        Assert.Null(byUrl.CallbackQueryId);
        Assert.Equal(400, twice.ErrorCode);
        var press = Assert.Single(transcript.Messages, m => m.Kind == TranscriptEntry.CallbackKind);
        Assert.Equal(("confirm:1", "Confirmed!"), (press.CallbackData, press.CallbackAnswer));
    }

    [Fact]
    public async Task EditMessageText_EditMessageReplyMarkup_and_DeleteMessage_change_the_transcript()
    {
        var user = await StartedUserAsync();
        var bot = fixture.Bot();
        var sent = await bot.SendMessage(user.Id, "Points: 10", replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("Refresh", "refresh")), cancellationToken: Ct);

        var edited = await bot.EditMessageText(user.Id, sent.Id, "Points: <b>20</b>", ParseMode.Html,
            replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("Refresh", "refresh")), cancellationToken: Ct);
        var notModified = await Assert.ThrowsAsync<ApiRequestException>(() => bot.EditMessageText(user.Id, sent.Id, "Points: <b>20</b>", ParseMode.Html,
            replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("Refresh", "refresh")), cancellationToken: Ct));
        var markupEdited = await bot.EditMessageReplyMarkup(user.Id, sent.Id, new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("Again", "again")), cancellationToken: Ct);
        var other = await bot.SendMessage(user.Id, "to delete", cancellationToken: Ct);
        await bot.DeleteMessage(user.Id, other.Id, Ct);
        var deleteAgain = await Assert.ThrowsAsync<ApiRequestException>(() => bot.DeleteMessage(user.Id, other.Id, Ct));
        var missing = await Assert.ThrowsAsync<ApiRequestException>(() => bot.EditMessageText(user.Id, 9999, "x", cancellationToken: Ct));
        var transcript = (await fixture.Sandbox.GetTranscriptAsync("client", user.Id, Ct)).Messages;

        Assert.Equal(("Points: 20", sent.Id), (edited.Text, edited.Id));
        Assert.NotNull(edited.EditDate);
        Assert.StartsWith("Bad Request: message is not modified", notModified.Message);
        Assert.Equal("again", markupEdited.ReplyMarkup!.InlineKeyboard.Single().Single().CallbackData);
        Assert.Equal("Bad Request: message to delete not found", deleteAgain.Message);
        Assert.Equal("Bad Request: message to edit not found", missing.Message);
        var first = transcript.Single(m => m.MessageId == sent.Id);
        Assert.Equal(("Points: 20", "Again"), (first.Text, first.Keyboard!.Buttons.Single().Text));
        Assert.NotNull(first.EditedAt);
        Assert.NotNull(transcript.Single(m => m.MessageId == other.Id).DeletedAt);
    }

    [Fact]
    public async Task Replies_carry_the_replied_to_message_one_level_deep()
    {
        var user = await StartedUserAsync();
        var bot = fixture.Bot();
        var question = await fixture.Sandbox.SendTextAsync("client", user.Id, "How many points?", Ct);

        var answer = await bot.SendMessage(user.Id, "120", replyParameters: question.MessageId, cancellationToken: Ct);
        var replyToAnswer = await bot.SendMessage(user.Id, "(updated daily)", replyParameters: answer.Id, cancellationToken: Ct);
        var missing = await Assert.ThrowsAsync<ApiRequestException>(() => bot.SendMessage(user.Id, "x", replyParameters: 9999, cancellationToken: Ct));
        var allowed = await bot.SendMessage(user.Id, "y", replyParameters: new ReplyParameters { MessageId = 9999, AllowSendingWithoutReply = true }, cancellationToken: Ct);
        var transcript = (await fixture.Sandbox.GetTranscriptAsync("client", user.Id, Ct)).Messages;

        Assert.Equal(("How many points?", user.Id), (answer.ReplyToMessage!.Text, answer.ReplyToMessage.From!.Id));
        Assert.Equal("120", replyToAnswer.ReplyToMessage!.Text);
        Assert.Null(replyToAnswer.ReplyToMessage.ReplyToMessage);
        Assert.Equal("Bad Request: message to be replied not found", missing.Message);
        Assert.Null(allowed.ReplyToMessage);
        Assert.Equal(question.MessageId, transcript.Single(m => m.MessageId == answer.Id).ReplyToMessageId);
    }

    [Fact]
    public async Task Errors_are_Telegram_errors_with_their_codes()
    {
        var user = await StartedUserAsync();
        var stranger = await fixture.NewUserAsync("Stranger");
        var bot = fixture.Bot();

        var empty = await Assert.ThrowsAsync<ApiRequestException>(() => bot.SendMessage(user.Id, "", cancellationToken: Ct));
        var noChat = await Assert.ThrowsAsync<ApiRequestException>(() => bot.SendMessage(42, "hi", cancellationToken: Ct));
        var notStarted = await Assert.ThrowsAsync<ApiRequestException>(() => bot.SendMessage(stranger.Id, "hi", cancellationToken: Ct));
        var tooLong = await Assert.ThrowsAsync<ApiRequestException>(() => bot.SendMessage(user.Id, new string('a', 4097), cancellationToken: Ct));
        var badToken = await Assert.ThrowsAsync<ApiRequestException>(() => fixture.Bot("999:wrong").GetMe(Ct));
        await fixture.Sandbox.BlockAsync("client", user.Id, Ct);
        var blocked = await Assert.ThrowsAsync<ApiRequestException>(() => bot.SendMessage(user.Id, "hi", cancellationToken: Ct));
        await fixture.Sandbox.UnblockAsync("client", user.Id, Ct);
        await bot.SendMessage(user.Id, "welcome back", cancellationToken: Ct);

        Assert.Equal((400, "Bad Request: message text is empty"), (empty.ErrorCode, empty.Message));
        Assert.Equal((400, "Bad Request: chat not found"), (noChat.ErrorCode, noChat.Message));
        Assert.Equal((403, "Forbidden: bot can't initiate conversation with a user"), (notStarted.ErrorCode, notStarted.Message));
        Assert.Equal((400, "Bad Request: message is too long"), (tooLong.ErrorCode, tooLong.Message));
        Assert.Equal((401, "Unauthorized: invalid token specified"), (badToken.ErrorCode, badToken.Message));
        Assert.Equal((403, "Forbidden: bot was blocked by the user"), (blocked.ErrorCode, blocked.Message));
        var memberUpdates = (await bot.GetUpdates(cancellationToken: Ct)).Where(u => u.MyChatMember?.Chat.Id == user.Id).ToList();
        Assert.Equal([ChatMemberStatus.Kicked, ChatMemberStatus.Member], memberUpdates.Select(u => u.MyChatMember!.NewChatMember.Status));
    }

    [Fact]
    public async Task Start_with_a_payload_arrives_as_a_bot_command_with_the_payload()
    {
        var user = await fixture.NewUserAsync();

        await fixture.Sandbox.StartAsync("admin", user.Id, "ref-42", Ct);
        var update = (await fixture.Bot(SandboxFixture.AdminToken).GetUpdates(cancellationToken: Ct)).Single(u => u.Message?.Chat.Id == user.Id);

        Assert.Equal("/start ref-42", update.Message!.Text);
        var command = Assert.Single(update.Message.Entities!);
        Assert.Equal((MessageEntityType.BotCommand, 0, 6), (command.Type, command.Offset, command.Length));
        Assert.Equal((user.Id, "Ann", "Test", user.Username, "ru", false),
            (update.Message.From!.Id, update.Message.From.FirstName, update.Message.From.LastName, update.Message.From.Username, update.Message.From.LanguageCode, update.Message.From.IsBot));
        Assert.Equal((ChatType.Private, "Ann"), (update.Message.Chat.Type, update.Message.Chat.FirstName));
    }

    [Fact]
    public async Task Commands_and_menu_button_are_stored_per_scope()
    {
        var user = await StartedUserAsync();
        var bot = fixture.Bot();

        await bot.SetMyCommands([new BotCommand("start", "Start"), new BotCommand("balance", "My points")], cancellationToken: Ct);
        await bot.SetMyCommands([new BotCommand("start", "Старт")], languageCode: "ru", cancellationToken: Ct);
        var invalid = await Assert.ThrowsAsync<ApiRequestException>(() => bot.SetMyCommands([new BotCommand("Bad Command", "x")], cancellationToken: Ct));
        await bot.SetChatMenuButton(user.Id, new MenuButtonCommands(), Ct);

        Assert.Equal(["start", "balance"], (await bot.GetMyCommands(cancellationToken: Ct)).Select(c => c.Command));
        Assert.Equal("Старт", (await bot.GetMyCommands(languageCode: "ru", cancellationToken: Ct)).Single().Description);
        Assert.Equal(400, invalid.ErrorCode);
        Assert.IsType<MenuButtonCommands>(await bot.GetChatMenuButton(user.Id, Ct));
        Assert.IsType<MenuButtonDefault>(await bot.GetChatMenuButton(cancellationToken: Ct));
    }
}
