namespace LoyalityBot.Bots.Texts;

public static partial class BotTexts
{
    private static readonly KeyValuePair<string, (string Ru, string En)>[] Admin =
    [
        new("admin.denied", ("Доступ только для администраторов.", "Administrators only.")),
        new("admin.menu.applications", ("📋 Заявки", "📋 Applications")),
        new("admin.menu.moderation", ("🛡 Модерация", "🛡 Moderation")),
        new("admin.menu.stats", ("📈 Статистика", "📈 Statistics")),
        new("admin.menu.export", ("📤 Выгрузка", "📤 Export")),
        new("admin.welcome", ("Панель администратора.", "Admin panel.")),
        new("admin.applications.none", ("Новых заявок нет.", "No new applications.")),
        new("admin.application", ("Заявка №{0}\nКатегория: {1}\nИмя: {2}\nКомпания: {3}\nРайон: {4}\nТелефон: {5}\nЗапись: {6}\nTelegram: {7}", "Application #{0}\nCategory: {1}\nName: {2}\nCompany: {3}\nDistrict: {4}\nPhone: {5}\nBooking: {6}\nTelegram: {7}")),
        new("admin.btn.approve", ("✅ Одобрить", "✅ Approve")),
        new("admin.btn.reject", ("❌ Отклонить", "❌ Reject")),
        new("admin.approved", ("Заявка №{0} одобрена, партнёр создан.", "Application #{0} approved; the partner was created.")),
        new("admin.reject.reason", ("Причина отказа по заявке №{0}:", "Reason for rejecting application #{0}:")),
        new("admin.rejected", ("Заявка №{0} отклонена.", "Application #{0} rejected.")),
        new("admin.decided", ("Эта заявка уже рассмотрена.", "This application was already decided.")),
        new("admin.moderation.none", ("Нет акций на модерации.", "No promotions awaiting moderation.")),
        new("admin.moderation.item", ("Акция №{0} партнёра {1}:\n{2}\n{3}", "Promotion #{0} of partner {1}:\n{2}\n{3}")),
        new("admin.moderation.done", ("Акция №{0}: {1}.", "Promotion #{0}: {1}.")),
        new("admin.stats", ("Клиенты: {0}\nПартнёры: {1}\nЗаявки на рассмотрении: {2}\nОпераций сегодня: {3}\nНачислено сегодня: {4}\nСписано сегодня: {5}", "Clients: {0}\nPartners: {1}\nPending applications: {2}\nOperations today: {3}\nEarned today: {4}\nSpent today: {5}")),
        new("admin.export", ("Что выгрузить?", "What to export?")),
        new("admin.export.clients", ("Клиенты (CSV)", "Clients (CSV)")),
        new("admin.export.transactions", ("Операции (CSV)", "Transactions (CSV)")),
        new("admin.export.queued", ("Выгрузка поставлена в очередь, файл придёт в этот чат.", "The export is queued; the file will arrive in this chat.")),
        new("admin.help", ("Команды:\n/applications — заявки\n/moderation — модерация\n/stats — статистика\n/export — выгрузки\n/cancel — отменить\n/help — помощь", "Commands:\n/applications — applications\n/moderation — moderation\n/stats — statistics\n/export — exports\n/cancel — cancel\n/help — help")),
    ];
}
