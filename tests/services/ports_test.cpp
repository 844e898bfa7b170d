// The other ports of the course notes, each with its client, on two hosts joined by one cable:
// echo (7), Telnet (23), FTP (21), SMTP/POP3/IMAP (25/110/143), NTP (123), RDP (3389) and the
// SSH/HTTPS placeholders.
#include "core/host/host_files.h"
#include "core/host/ntp_clock.h"
#include "core/services/echo/echo_server.h"
#include "core/services/ftp/ftp_server.h"
#include "core/services/mail/imap_server.h"
#include "core/services/mail/pop3_server.h"
#include "core/services/mail/smtp_server.h"
#include "core/services/ntp/ntp_server.h"
#include "core/services/placeholder_server.h"
#include "core/services/rdp/rdp_server.h"
#include "core/services/telnet/telnet_server.h"
#include "core/shell/shell.h"
#include "tests/services/service_harness.h"

using namespace wirelab;
using namespace wirelab::test;

namespace {

struct Ports {
    TwoHosts h;
    Term t;
    app::ServiceSet& srv;
    explicit Ports(uint64_t seed) : h(seed), t(h.net, h.a), srv(app::ServiceSet::of(h.b)) {}
    Term& run(const std::string& line, SimTime limit = SimTime::from_s(60))
    {
        return run_cmd(h, t, line, limit);
    }
};

app::MailStore& add_mail(Ports& p)
{
    app::MailConfig c;
    c.users = {{"alice", "secret"}, {"bob", "hunter2"}};
    app::MailStore& store = p.srv.add<app::MailStore>(c);
    p.srv.add<app::SmtpServer>(store);
    p.srv.add<app::Pop3Server>(store);
    p.srv.add<app::ImapServer>(store);
    p.h.net.start();
    return store;
}

} // namespace

TEST_CASE("echo: TCP and UDP bytes come back (RFC 862)", "[app][ports][echo]")
{
    Ports p(51);
    p.srv.add<app::EchoServer>(app::EchoConfig{});
    p.h.net.start();
    CHECK(p.run("nc 10.0.0.2 7 hello echo").text == "hello echo\n");
    CHECK(p.run("nc -u 10.0.0.2 7 datagram").text == "datagram\n");
    Term look(p.h.net, p.h.b);
    run_cmd(p.h, look, "ss -tulnp");
    CHECK(has(look.text, "users:((\"echo\"))"));
}

TEST_CASE("telnet: login prompt, a remote shell, logout; wrong passwords are refused",
          "[app][ports][telnet]")
{
    Ports p(52);
    auto& server = p.srv.add<app::TelnetServer>(
        app::TelnetConfig{23, {{"alice", "secret"}}, "", 3, &app::Shell::login});
    p.h.net.start();
    Term& t = p.run("telnet 10.0.0.2 -e alice -e secret -e hostname -e exit");
    CHECK(t.code == 0);
    CHECK(t.text == "Trying 10.0.0.2...\n"
                    "Connected to 10.0.0.2.\n"
                    "Escape character is '^]'.\n"
                    "Wirelab b (telnet)\n"
                    "\n"
                    "b login: alice\n"
                    "Password: \n"
                    "Welcome to b. This shell runs b's commands (type help); exit logs out.\n"
                    "\n"
                    "alice@b:~$ hostname\n"
                    "b\n"
                    "alice@b:~$ exit\n"
                    "logout\n"
                    "Connection closed by foreign host.\n");
    CHECK(server.logins() == 1);

    p.run("telnet 10.0.0.2 -e alice -e guess -e alice -e secret -e exit");
    CHECK(
        has(p.t.text, "Password: \n\nLogin incorrect\nb login: alice\nPassword: \nWelcome to b."));
    CHECK(server.failed_logins() == 1);
    p.run("telnet 10.0.0.2 -e a -e 1 -e a -e 2 -e a -e 3");
    CHECK(has(p.t.text, "Login incorrect\nConnection closed by foreign host.\n")); // three strikes
    p.run("telnet 10.0.0.2 24");
    CHECK(p.t.code == 1);
    CHECK(p.t.text ==
          "Trying 10.0.0.2...\ntelnet: Unable to connect to remote host: Connection refused\n");
}

TEST_CASE("ftp: login, passive listing, download, upload; anonymous users only read",
          "[app][ports][ftp]")
{
    Ports p(53);
    app::FtpConfig c;
    c.users = {{"alice", "secret"}};
    c.anonymous = true;
    c.files = {{"/readme.txt", "Welcome.\n"}, {"/pub/notes.txt", "notes\n"}};
    auto& server = p.srv.add<app::FtpServer>(c);
    p.h.net.start();
    app::HostFiles& local = app::HostFiles::of(p.h.a);
    REQUIRE(local.write("/home/alice/up.txt", "hello there\n"));
    Term& t = p.run("ftp 10.0.0.2 -e 'user alice secret' -e ls -e 'get readme.txt' -e 'put "
                    "/home/alice/up.txt up.txt' -e 'put nope.txt' -e 'get pub/notes.txt -' -e bye");
    CHECK(t.code == 0);
    CHECK(has(t.text, "Connected to 10.0.0.2.\n220 Wirelab FTP server on b\nftp> user alice\n"
                      "331 Please specify the password.\n230 Login successful.\n"));
    CHECK(has(t.text, "150 Here comes the directory listing.\n"
                      "drwxr-xr-x    2 ftp      ftp          4096 Jan 01 00:00 pub\n"
                      "-rw-r--r--    1 ftp      ftp             9 Jan 01 00:00 readme.txt\n"
                      "226 Directory send OK.\n"));
    CHECK(has(
        t.text,
        "ftp> get readme.txt\nlocal: readme.txt remote: readme.txt\n227 Entering Passive Mode"));
    CHECK(has(t.text, "150 Opening BINARY mode data connection for readme.txt (9 bytes).\n"
                      "226 Transfer complete.\n9 bytes received in "));
    CHECK(local.read("/readme.txt").value_or("") == "Welcome.\n"); // saved, not printed
    CHECK(has(t.text, "local: /home/alice/up.txt remote: up.txt\n"));
    CHECK(has(t.text, "150 Ok to send data.\n226 Transfer complete.\n12 bytes sent in "));
    CHECK(has(t.text, "ftp> put nope.txt\nlocal: nope.txt: No such file or directory\nftp> get"));
    CHECK(has(t.text, "(6 bytes).\nnotes\n226 Transfer complete.\n")); // "-": the terminal
    CHECK(has(t.text, "ftp> bye\n221 Goodbye.\n"));
    CHECK(!has(t.text, "secret")); // never shown on screen (the capture has it)
    CHECK(server.files().at("/up.txt") == "hello there\n");

    REQUIRE(local.write("x.txt", "no\n"));
    p.run("ftp 10.0.0.2 -e 'user anonymous x' -e 'cd pub' -e pwd -e 'put x.txt' -e 'delete "
          "/readme.txt' -e bye");
    CHECK(has(p.t.text, "250 Directory successfully changed.\n"));
    CHECK(has(p.t.text, "257 \"/pub\" is the current directory\n"));
    CHECK(has(p.t.text, "550 Permission denied.\n"));
    CHECK(server.files().count("/readme.txt") == 1);
    p.run("ftp 10.0.0.2 -e 'user alice wrong' -e ls");
    CHECK(has(
        p.t.text,
        "530 Login incorrect.\nLogin failed.\nftp> ls\n530 Please login with USER and PASS.\n"));
}

TEST_CASE("mail: SMTP delivers to a mailbox; IMAP keeps the message, POP3 deletes it",
          "[app][ports][mail]")
{
    Ports p(54);
    app::MailStore& store = add_mail(p);
    Term& t = p.run("mail -s Lunch -r alice@lab -S smtp=10.0.0.2 bob@lab -- .hidden line at noon");
    CHECK(t.code == 0);
    CHECK(t.text.empty()); // mail is silent when all went well
    REQUIRE(store.find_mailbox("bob")->size() == 1);
    const std::string& msg = store.find_mailbox("bob")->front().text;
    CHECK(
        has(msg, "Return-Path: <alice@lab>\r\nReceived: from a (10.0.0.1)\r\n\tby b with ESMTP; "));
    CHECK(has(msg,
              "From: alice@lab\r\nTo: bob@lab\r\nSubject: Lunch\r\n\r\n.hidden line at noon\r\n"));

    p.run("mail -f imap://bob:hunter2@10.0.0.2");
    CHECK(has(
        p.t.text,
        "Mailbox imap://bob@10.0.0.2: 1 message\n--- message 1 ---\nReturn-Path: <alice@lab>\n"));
    CHECK(has(p.t.text,
              "\n.hidden line at noon\n1 message fetched; they stay on the server, marked \\Seen "
              "(IMAP).\n"));
    REQUIRE(store.find_mailbox("bob")->size() == 1);
    CHECK(store.find_mailbox("bob")->front().seen);

    p.run("mail -f pop3://bob:hunter2@10.0.0.2");
    CHECK(has(p.t.text, "Mailbox pop3://bob@10.0.0.2: 1 message\n--- message 1 ---\n"));
    CHECK(
        has(p.t.text, "1 message fetched and deleted from the server (POP3: RETR, DELE, QUIT).\n"));
    CHECK(store.find_mailbox("bob")->empty());
}

TEST_CASE("mail: relaying, unknown users and bad passwords are refused in the servers' words",
          "[app][ports][mail]")
{
    Ports p(55);
    add_mail(p);
    p.run("mail -s x -S smtp=10.0.0.2 eve@elsewhere.org -- hi");
    CHECK(p.t.code == 1);
    CHECK(p.t.text ==
          "mail: the server refused eve@elsewhere.org: 554 5.7.1 <eve@elsewhere.org>: Relay access "
          "denied (this server only takes mail for @lab)\n");
    p.run("mail -s x -S smtp=10.0.0.2 carol@lab -- hi");
    CHECK(has(p.t.text,
              "550 5.1.1 <carol@lab>: Recipient address rejected: User unknown in local recipient "
              "table"));
    p.run("mail -f pop3://bob:nope@10.0.0.2");
    CHECK(p.t.text == "mail: POP3 login failed: -ERR [AUTH] Authentication failed.\n");
    p.run("mail -f imap://bob:nope@10.0.0.2");
    CHECK(p.t.text ==
          "mail: IMAP login failed: a1 NO [AUTHENTICATIONFAILED] Authentication failed.\n");
    p.run("mail bob@lab");
    CHECK(has(p.t.text, "mail: no SMTP server: give -S smtp=HOST"));
}

TEST_CASE("ntp: ntpdate measures a host's wrong clock and steps it; date shows it",
          "[app][ports][ntp]")
{
    Ports p(56);
    p.srv.add<app::NtpServer>(app::NtpConfig{});
    app::HostClock::of(p.h.a).set_offset_ns(93'000'000'000);
    p.h.net.start();
    p.h.net.run_until(SimTime::from_s(5));
    CHECK(p.run("date").text == "Mon Jan  1 00:01:38 UTC 2024\n");
    p.run("ntpdate -q 10.0.0.2");
    CHECK(has(p.t.text, "server 10.0.0.2, stratum 1, offset -93.000000, delay 0.00"));
    CHECK(app::HostClock::of(p.h.a).offset_ns() == 93'000'000'000); // -q changes nothing
    p.run("ntpdate 10.0.0.2");
    CHECK(p.t.code == 0);
    CHECK(has(p.t.text,
              " 1 Jan 00:00:05 ntpdate[1000]: step time server 10.0.0.2 offset -93.000000 sec\n"));
    CHECK(std::abs(app::HostClock::of(p.h.a).offset_ns()) < 1000);
    CHECK(p.run("date").text == "Mon Jan  1 00:00:05 UTC 2024\n");

    Term other(p.h.net, p.h.b);
    run_cmd(p.h, other, "ntpdate 10.0.0.1"); // nobody serves time on a
    CHECK(other.code == 1);
    CHECK(has(other.text, "ntpdate[1001]: no server suitable for synchronization found\n"));
}

TEST_CASE("rdp: the X.224 connection request is confirmed, and the client says what stops there",
          "[app][ports][rdp]")
{
    Ports p(57);
    p.srv.add<app::RdpServer>(uint16_t(3389));
    p.h.net.start();
    Term& t = p.run("mstsc /v:10.0.0.2");
    CHECK(t.code == 0);
    CHECK(
        t.text ==
        "Connecting to 10.0.0.2 port 3389 (TCP)...\n"
        "Connected. Sent an X.224 Connection Request (cookie mstshash=student, asking for standard "
        "RDP "
        "security).\n"
        "The server confirmed the connection (X.224 Connection Confirm, selected protocol: "
        "standard RDP "
        "security).\n"
        "Wirelab stops here: the remote desktop itself (MCS, graphics, keyboard and mouse) is not "
        "simulated.\n");
}

TEST_CASE("ssh and https placeholders listen and say plainly that they are not available",
          "[app][ports]")
{
    Ports p(58);
    p.srv.add<app::PlaceholderServer>(uint16_t(22), std::string("sshd"), app::ssh_notice("b"),
                                      true);
    p.srv.add<app::PlaceholderServer>(uint16_t(443), std::string("httpsd"), app::https_notice("b"),
                                      false);
    p.h.net.start();
    CHECK(
        p.run("nc 10.0.0.2 22").text ==
        "Wirelab: SSH on b is not available yet: it needs real cryptography, which comes with the "
        "security "
        "lessons. Nothing here is encrypted; use telnet to see a remote login (in clear "
        "text).\r\n");
    CHECK(has(p.run("nc 10.0.0.2 443 hello").text, "Wirelab: HTTPS on b is not available yet"));
    Term look(p.h.net, p.h.b);
    run_cmd(p.h, look, "ss -tlnp");
    CHECK(has(look.text, "users:((\"sshd\"))"));
    CHECK(has(look.text, "users:((\"httpsd\"))"));
}
