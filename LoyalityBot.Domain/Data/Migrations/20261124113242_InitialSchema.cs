using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LoyalityBot.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cities",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    country_code = table.Column<string>(type: "character(2)", fixedLength: true, maxLength: 2, nullable: false),
                    currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    is_available = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cities", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_rates",
                columns: table => new
                {
                    currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    rate_to_base = table.Column<decimal>(type: "numeric(18,8)", precision: 18, scale: 8, nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_exchange_rates", x => x.currency);
                    table.CheckConstraint("ck_exchange_rates_positive", "rate_to_base > 0");
                });

            migrationBuilder.CreateTable(
                name: "partner_applications",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    telegram_user_id = table.Column<long>(type: "bigint", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    phone = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    company_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    category = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    category_group = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    work_mode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    city_id = table.Column<int>(type: "integer", nullable: true),
                    district = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    contact_link = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    booking_url = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    referred_by_partner_id = table.Column<long>(type: "bigint", nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    decided_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_partner_applications", x => x.id);
                    table.ForeignKey(
                        name: "fk_partner_applications_cities_city_id",
                        column: x => x.city_id,
                        principalTable: "cities",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "partners",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    application_id = table.Column<long>(type: "bigint", nullable: true),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    company_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    phone = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    category = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    category_group = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    city_id = table.Column<int>(type: "integer", nullable: true),
                    district = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    work_mode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    cashback_percent = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false, defaultValue: 5m),
                    allow_client_messages = table.Column<bool>(type: "boolean", nullable: false),
                    booking_url = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    contact_link = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_partners", x => x.id);
                    table.CheckConstraint("ck_partners_cashback_percent", "cashback_percent >= 0 AND cashback_percent <= 100");
                    table.ForeignKey(
                        name: "fk_partners_cities_city_id",
                        column: x => x.city_id,
                        principalTable: "cities",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_partners_partner_applications_application_id",
                        column: x => x.application_id,
                        principalTable: "partner_applications",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "broadcast_campaigns",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    partner_id = table.Column<long>(type: "bigint", nullable: false),
                    audience = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    text = table.Column<string>(type: "character varying(4096)", maxLength: 4096, nullable: false),
                    sent_on = table.Column<DateOnly>(type: "date", nullable: false),
                    recipient_count = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_broadcast_campaigns", x => x.id);
                    table.CheckConstraint("ck_broadcast_campaigns_recipients", "recipient_count BETWEEN 0 AND 500");
                    table.ForeignKey(
                        name: "fk_broadcast_campaigns_partners_partner_id",
                        column: x => x.partner_id,
                        principalTable: "partners",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "clients",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    phone = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    city_id = table.Column<int>(type: "integer", nullable: true),
                    language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    registration_source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    registered_via_partner_id = table.Column<long>(type: "bigint", nullable: true),
                    referred_by_client_id = table.Column<long>(type: "bigint", nullable: true),
                    ambassador_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    referral_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    registered_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    last_visit_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_clients", x => x.id);
                    table.CheckConstraint("ck_clients_phone_digits", "phone ~ '^[1-9][0-9]{6,14}$'");
                    table.ForeignKey(
                        name: "fk_clients_cities_city_id",
                        column: x => x.city_id,
                        principalTable: "cities",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_clients_clients_referred_by_client_id",
                        column: x => x.referred_by_client_id,
                        principalTable: "clients",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_clients_partners_registered_via_partner_id",
                        column: x => x.registered_via_partner_id,
                        principalTable: "partners",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "promotions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    partner_id = table.Column<long>(type: "bigint", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    discount_text = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    starts_on = table.Column<DateOnly>(type: "date", nullable: false),
                    ends_on = table.Column<DateOnly>(type: "date", nullable: false),
                    price = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    max_points_payment = table.Column<long>(type: "bigint", nullable: false),
                    point_value = table.Column<decimal>(type: "numeric(12,4)", precision: 12, scale: 4, nullable: false, defaultValue: 1m),
                    min_tier = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    tier_visibility = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    visibility_mode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    image_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    approval_status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_promotions", x => x.id);
                    table.CheckConstraint("ck_promotions_dates", "ends_on >= starts_on");
                    table.CheckConstraint("ck_promotions_max_points_payment", "max_points_payment >= 0 AND max_points_payment * point_value <= price");
                    table.ForeignKey(
                        name: "fk_promotions_partners_partner_id",
                        column: x => x.partner_id,
                        principalTable: "partners",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "services",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    partner_id = table.Column<long>(type: "bigint", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    price_points = table.Column<int>(type: "integer", nullable: false),
                    category = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    approval_status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_services", x => x.id);
                    table.CheckConstraint("ck_services_price_points", "price_points > 0");
                    table.ForeignKey(
                        name: "fk_services_partners_partner_id",
                        column: x => x.partner_id,
                        principalTable: "partners",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "client_messages",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    client_id = table.Column<long>(type: "bigint", nullable: false),
                    partner_id = table.Column<long>(type: "bigint", nullable: false),
                    sender = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    text = table.Column<string>(type: "character varying(4096)", maxLength: 4096, nullable: true),
                    attachment_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    is_read = table.Column<bool>(type: "boolean", nullable: false),
                    read_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_client_messages", x => x.id);
                    table.ForeignKey(
                        name: "fk_client_messages_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_client_messages_partners_partner_id",
                        column: x => x.partner_id,
                        principalTable: "partners",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "nps_ratings",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    client_id = table.Column<long>(type: "bigint", nullable: false),
                    partner_id = table.Column<long>(type: "bigint", nullable: true),
                    rating = table.Column<short>(type: "smallint", nullable: false),
                    master_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    feedback = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_nps_ratings", x => x.id);
                    table.CheckConstraint("ck_nps_ratings_rating", "rating BETWEEN 0 AND 10");
                    table.ForeignKey(
                        name: "fk_nps_ratings_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_nps_ratings_partners_partner_id",
                        column: x => x.partner_id,
                        principalTable: "partners",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "point_accounts",
                columns: table => new
                {
                    client_id = table.Column<long>(type: "bigint", nullable: false),
                    balance = table.Column<long>(type: "bigint", nullable: false),
                    lifetime_earned = table.Column<long>(type: "bigint", nullable: false),
                    spent_on = table.Column<DateOnly>(type: "date", nullable: true),
                    spent_that_day = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_point_accounts", x => x.client_id);
                    table.CheckConstraint("ck_point_accounts_balance", "balance >= 0");
                    table.CheckConstraint("ck_point_accounts_lifetime_earned", "lifetime_earned >= 0");
                    table.ForeignKey(
                        name: "fk_point_accounts_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "referral_links",
                columns: table => new
                {
                    referrer_id = table.Column<long>(type: "bigint", nullable: false),
                    referee_id = table.Column<long>(type: "bigint", nullable: false),
                    level = table.Column<short>(type: "smallint", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referral_links", x => new { x.referrer_id, x.referee_id });
                    table.CheckConstraint("ck_referral_links_level", "level BETWEEN 1 AND 3");
                    table.CheckConstraint("ck_referral_links_no_self", "referrer_id <> referee_id");
                    table.ForeignKey(
                        name: "fk_referral_links_clients_referee_id",
                        column: x => x.referee_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_referral_links_clients_referrer_id",
                        column: x => x.referrer_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ledger_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    client_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    balance_after = table.Column<long>(type: "bigint", nullable: false),
                    partner_id = table.Column<long>(type: "bigint", nullable: true),
                    promotion_id = table.Column<long>(type: "bigint", nullable: true),
                    purchase_amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: true),
                    purchase_currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: true),
                    idempotency_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    request_hash = table.Column<byte[]>(type: "bytea", nullable: true),
                    source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    related_entry_id = table.Column<long>(type: "bigint", nullable: true),
                    related_client_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ledger_entries", x => x.id);
                    table.CheckConstraint("ck_ledger_entries_amount", "amount <> 0 AND balance_after >= 0");
                    table.ForeignKey(
                        name: "fk_ledger_entries_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_ledger_entries_partners_partner_id",
                        column: x => x.partner_id,
                        principalTable: "partners",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_ledger_entries_promotions_promotion_id",
                        column: x => x.promotion_id,
                        principalTable: "promotions",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "reactivation_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    client_id = table.Column<long>(type: "bigint", nullable: false),
                    partner_id = table.Column<long>(type: "bigint", nullable: false),
                    days_since_last_visit = table.Column<int>(type: "integer", nullable: false),
                    promotion_id = table.Column<long>(type: "bigint", nullable: true),
                    sent_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reactivation_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_reactivation_events_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_reactivation_events_partners_partner_id",
                        column: x => x.partner_id,
                        principalTable: "partners",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_reactivation_events_promotions_promotion_id",
                        column: x => x.promotion_id,
                        principalTable: "promotions",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "promotion_services",
                columns: table => new
                {
                    promotion_id = table.Column<long>(type: "bigint", nullable: false),
                    service_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_promotion_services", x => new { x.promotion_id, x.service_id });
                    table.ForeignKey(
                        name: "fk_promotion_services_promotions_promotion_id",
                        column: x => x.promotion_id,
                        principalTable: "promotions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_promotion_services_services_service_id",
                        column: x => x.service_id,
                        principalTable: "services",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_broadcast_campaigns_partner_id_sent_on",
                table: "broadcast_campaigns",
                columns: new[] { "partner_id", "sent_on" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_cities_name",
                table: "cities",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_client_messages_client_id",
                table: "client_messages",
                column: "client_id");

            migrationBuilder.CreateIndex(
                name: "ix_client_messages_partner_id_client_id_id",
                table: "client_messages",
                columns: new[] { "partner_id", "client_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_client_messages_unread",
                table: "client_messages",
                columns: new[] { "partner_id", "id" },
                filter: "NOT is_read AND sender = 'Client'");

            migrationBuilder.CreateIndex(
                name: "ix_clients_city_id",
                table: "clients",
                column: "city_id");

            migrationBuilder.CreateIndex(
                name: "ix_clients_phone",
                table: "clients",
                column: "phone",
                unique: true,
                filter: "phone IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_clients_referral_code",
                table: "clients",
                column: "referral_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_clients_referred_by_client_id",
                table: "clients",
                column: "referred_by_client_id");

            migrationBuilder.CreateIndex(
                name: "ix_clients_registered_via_partner_id_id",
                table: "clients",
                columns: new[] { "registered_via_partner_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_client_id_id",
                table: "ledger_entries",
                columns: new[] { "client_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_idempotency_key",
                table: "ledger_entries",
                column: "idempotency_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_partner_id_id",
                table: "ledger_entries",
                columns: new[] { "partner_id", "id" },
                filter: "partner_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_promotion_id",
                table: "ledger_entries",
                column: "promotion_id",
                filter: "promotion_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ux_ledger_entries_reversal",
                table: "ledger_entries",
                column: "related_entry_id",
                unique: true,
                filter: "kind = 'Reversal'");

            migrationBuilder.CreateIndex(
                name: "ux_ledger_entries_welcome_bonus",
                table: "ledger_entries",
                column: "client_id",
                unique: true,
                filter: "kind = 'WelcomeBonus'");

            migrationBuilder.CreateIndex(
                name: "ix_nps_ratings_client_id_id",
                table: "nps_ratings",
                columns: new[] { "client_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_nps_ratings_partner_id_id",
                table: "nps_ratings",
                columns: new[] { "partner_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_partner_applications_city_id",
                table: "partner_applications",
                column: "city_id");

            migrationBuilder.CreateIndex(
                name: "ix_partner_applications_status_id",
                table: "partner_applications",
                columns: new[] { "status", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_partner_applications_telegram_user_id",
                table: "partner_applications",
                column: "telegram_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_partners_application_id",
                table: "partners",
                column: "application_id");

            migrationBuilder.CreateIndex(
                name: "ix_partners_category_id",
                table: "partners",
                columns: new[] { "category", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_partners_city_id_category_id",
                table: "partners",
                columns: new[] { "city_id", "category", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_promotion_services_service_id",
                table: "promotion_services",
                column: "service_id");

            migrationBuilder.CreateIndex(
                name: "ix_promotions_approval_status_id",
                table: "promotions",
                columns: new[] { "approval_status", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_promotions_partner_id_id",
                table: "promotions",
                columns: new[] { "partner_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_promotions_published_id",
                table: "promotions",
                column: "id",
                filter: "approval_status = 'Approved' AND is_active");

            migrationBuilder.CreateIndex(
                name: "ix_reactivation_events_client_id",
                table: "reactivation_events",
                column: "client_id");

            migrationBuilder.CreateIndex(
                name: "ix_reactivation_events_partner_id_client_id_sent_at",
                table: "reactivation_events",
                columns: new[] { "partner_id", "client_id", "sent_at" });

            migrationBuilder.CreateIndex(
                name: "ix_reactivation_events_promotion_id",
                table: "reactivation_events",
                column: "promotion_id");

            migrationBuilder.CreateIndex(
                name: "ix_referral_links_referee_id_level",
                table: "referral_links",
                columns: new[] { "referee_id", "level" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_referral_links_referrer_id_level_referee_id",
                table: "referral_links",
                columns: new[] { "referrer_id", "level", "referee_id" });

            migrationBuilder.CreateIndex(
                name: "ix_services_approval_status_id",
                table: "services",
                columns: new[] { "approval_status", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_services_category_id",
                table: "services",
                columns: new[] { "category", "id" },
                filter: "approval_status = 'Approved' AND is_active");

            migrationBuilder.CreateIndex(
                name: "ix_services_partner_id_id",
                table: "services",
                columns: new[] { "partner_id", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "broadcast_campaigns");

            migrationBuilder.DropTable(
                name: "client_messages");

            migrationBuilder.DropTable(
                name: "exchange_rates");

            migrationBuilder.DropTable(
                name: "ledger_entries");

            migrationBuilder.DropTable(
                name: "nps_ratings");

            migrationBuilder.DropTable(
                name: "point_accounts");

            migrationBuilder.DropTable(
                name: "promotion_services");

            migrationBuilder.DropTable(
                name: "reactivation_events");

            migrationBuilder.DropTable(
                name: "referral_links");

            migrationBuilder.DropTable(
                name: "services");

            migrationBuilder.DropTable(
                name: "promotions");

            migrationBuilder.DropTable(
                name: "clients");

            migrationBuilder.DropTable(
                name: "partners");

            migrationBuilder.DropTable(
                name: "partner_applications");

            migrationBuilder.DropTable(
                name: "cities");
        }
    }
}
