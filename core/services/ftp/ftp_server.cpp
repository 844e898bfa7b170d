// FtpServer sessions: the command loop of RFC 959 §5.4 (one reply per command), paths in the
// server's tree, and the passive data connection each transfer opens.
//
// [SECTION] index: listing · session: login · paths · data connection · transfers
#include "core/services/ftp/ftp_server.h"

#include "core/base/text.h"
#include "core/host/ntp_clock.h"
#include "core/transport/socket_table.h"
#include "core/wire/http.h"

#include <cstdio>

namespace wirelab::app {

using transport::SocketError;
using transport::SocketTable;

// [SECTION] listing

std::string ftp_list_line(std::string_view name, size_t size, bool is_dir, int64_t unix_seconds)
{
    // From the IMF-fixdate "Mon, 01 Jan 2024 00:00:05 GMT": "Jan 01 00:00", as ls -l writes a
    // date of the current year.
    std::string d = wire::http::http_date(unix_seconds);
    std::string when = d.substr(8, 3) + " " + d.substr(5, 2) + " " + d.substr(17, 5);
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s    %d ftp      ftp      %8zu %s %.*s\r\n",
                  is_dir ? "drwxr-xr-x" : "-rw-r--r--", is_dir ? 2 : 1, size, when.c_str(),
                  int(name.size()), name.data());
    return buf;
}

// [SECTION] session: login

class FtpSession final : public StreamServer::Session {
public:
    explicit FtpSession(FtpServer& server) : m_server(server) {}

    ~FtpSession() override { close_passive(); }

    void on_abandon() override
    {
        if (m_listener.is_valid())
            if (transport::TcpSocket* l = SocketTable::of(m_server.node()).tcp(m_listener))
                l->set_callback({});
        m_listener = SocketId();
        if (m_data) m_data->abandon();
        m_data.reset();
    }

    void on_open() override
    {
        std::string banner = m_server.m_config.banner.empty()
                                 ? "Wirelab FTP server on " + m_server.node().name()
                                 : m_server.m_config.banner;
        reply(220, banner);
    }

    void on_data(std::string_view bytes) override
    {
        m_lines.feed(bytes);
        while (auto line = m_lines.next_line()) {
            if (is_closed()) return;
            command(*line);
        }
    }

private:
    void reply(int code, const std::string& text)
    {
        send(std::to_string(code) + " " + text + "\r\n");
    }

    void command(const std::string& line)
    {
        size_t sp = line.find(' ');
        std::string verb = ascii_upper(line.substr(0, sp));
        std::string arg = sp == std::string::npos ? "" : line.substr(sp + 1);
        if (verb == "USER") return user(arg);
        if (verb == "PASS") return pass(arg);
        if (verb == "QUIT") {
            reply(221, "Goodbye.");
            return close();
        }
        if (verb == "SYST") return reply(215, "UNIX Type: L8");
        if (verb == "NOOP") return reply(200, "NOOP ok.");
        if (verb == "FEAT") return send("211-Features:\r\n EPSV\r\n PASV\r\n SIZE\r\n211 End\r\n");
        if (!m_logged_in) return reply(530, "Please login with USER and PASS.");
        if (verb == "PWD" || verb == "XPWD")
            return reply(257, "\"" + m_cwd + "\" is the current directory");
        if (verb == "CWD" || verb == "XCWD") return cwd(arg);
        if (verb == "CDUP" || verb == "XCUP") return cwd("..");
        if (verb == "TYPE") return type(arg);
        if (verb == "PASV") return passive(false);
        if (verb == "EPSV") return passive(true);
        if (verb == "PORT" || verb == "EPRT")
            return reply(502, "Active mode is not available here; use passive mode (PASV).");
        if (verb == "LIST" || verb == "NLST") return list(arg, verb == "NLST");
        if (verb == "RETR") return retr(arg);
        if (verb == "STOR") return stor(arg);
        if (verb == "SIZE") return size(arg);
        if (verb == "DELE") return dele(arg);
        reply(500, "Unknown command.");
    }

    void user(const std::string& name)
    {
        if (m_logged_in) return reply(530, "Can't change to another user.");
        m_user = name;
        bool anon = name == "anonymous" || name == "ftp";
        if (anon && !m_server.m_config.anonymous) {
            m_user.clear();
            return reply(530, "This FTP server does not allow anonymous logins.");
        }
        reply(331, anon ? "Please specify the password (any will do for anonymous)."
                        : "Please specify the password.");
    }

    void pass(const std::string& password)
    {
        if (m_user.empty()) return reply(503, "Login with USER first.");
        bool anon = m_user == "anonymous" || m_user == "ftp";
        auto it = m_server.m_config.users.find(m_user);
        if (!anon && (it == m_server.m_config.users.end() || it->second != password)) {
            m_user.clear();
            return reply(530, "Login incorrect.");
        }
        m_logged_in = true;
        m_may_write = !anon;
        reply(230, "Login successful.");
    }

    void type(const std::string& arg)
    {
        if (arg == "I" || arg == "L 8") return reply(200, "Switching to Binary mode.");
        if (arg == "A" || arg == "A N") return reply(200, "Switching to ASCII mode.");
        reply(500, "Unrecognised TYPE command.");
    }

    // [SECTION] paths

    // An absolute, normalized path for `arg` ("." and ".." resolved), from the current directory.
    std::string resolve(const std::string& arg) const
    {
        std::string path =
            !arg.empty() && arg[0] == '/' ? arg : m_cwd + (m_cwd == "/" ? "" : "/") + arg;
        std::vector<std::string> parts;
        size_t pos = 0;
        while (pos <= path.size()) {
            size_t slash = path.find('/', pos);
            if (slash == std::string::npos) slash = path.size();
            std::string seg = path.substr(pos, slash - pos);
            if (seg == "..") {
                if (!parts.empty()) parts.pop_back();
            } else if (!seg.empty() && seg != ".") {
                parts.push_back(seg);
            }
            pos = slash + 1;
        }
        std::string out;
        for (const std::string& p : parts) out += "/" + p;
        return out.empty() ? "/" : out;
    }

    bool is_dir(const std::string& path) const
    {
        if (path == "/") return true;
        auto it = m_server.m_files.lower_bound(path + "/");
        return it != m_server.m_files.end() && it->first.rfind(path + "/", 0) == 0;
    }

    void cwd(const std::string& arg)
    {
        std::string path = resolve(arg);
        if (!is_dir(path)) return reply(550, "Failed to change directory.");
        m_cwd = path;
        reply(250, "Directory successfully changed.");
    }

    void size(const std::string& arg)
    {
        auto it = m_server.m_files.find(resolve(arg));
        if (it == m_server.m_files.end()) return reply(550, "Could not get file size.");
        reply(213, std::to_string(it->second.size()));
    }

    void dele(const std::string& arg)
    {
        if (!m_may_write) return reply(550, "Permission denied.");
        if (m_server.m_files.erase(resolve(arg)) == 0)
            return reply(550, "Delete operation failed.");
        reply(250, "Delete operation successful.");
    }

    // [SECTION] data connection

    void passive(bool extended)
    {
        close_passive();
        transport::Endpoint ctrl = stream().local();
        if (!extended && !ctrl.addr.is_v4()) return reply(522, "Use EPSV on IPv6 (RFC 2428).");
        SocketTable& t = SocketTable::of(m_server.node());
        m_listener = t.tcp_open();
        transport::TcpSocket* l = t.tcp(m_listener);
        l->set_owner(std::string(m_server.name()));
        if (!l->bind({ctrl.addr, 0}) || !l->listen(1)) {
            close_passive();
            return reply(425, "Could not open a passive data port.");
        }
        l->set_callback([this](transport::SocketEvents) { on_data_accept(); });
        uint16_t port = l->local().port;
        if (extended)
            return reply(229, "Entering Extended Passive Mode (|||" + std::to_string(port) + "|)");
        auto b = ctrl.addr.v4().bytes;
        char text[96];
        std::snprintf(text, sizeof text, "Entering Passive Mode (%d,%d,%d,%d,%d,%d).", b[0], b[1],
                      b[2], b[3], port >> 8, port & 0xff);
        reply(227, text);
    }

    void on_data_accept()
    {
        SocketTable& t = SocketTable::of(m_server.node());
        transport::TcpSocket* l = t.tcp(m_listener);
        if (!l) return;
        auto a = l->accept();
        if (!a) return;
        close_listener(); // one data connection per PASV, as vsftpd does
        m_data = std::make_unique<TcpStream>(m_server.node(), std::string(m_server.name()));
        m_data->adopt(*a);
        m_data->on_data([this](std::string_view b) { m_upload += b; });
        m_data->on_closed([this](std::optional<SocketError> why) { on_data_closed(why); });
        if (m_pending) std::exchange(m_pending, {})();
    }

    // Runs `transfer` once the client has connected to the passive port (or at once).
    void with_data(std::function<void()> transfer)
    {
        if (m_data) return transfer();
        if (!m_listener.is_valid()) return reply(425, "Use PASV first.");
        m_pending = std::move(transfer);
    }

    void close_listener()
    {
        if (!m_listener.is_valid()) return;
        SocketTable& t = SocketTable::of(m_server.node());
        if (transport::TcpSocket* l = t.tcp(m_listener)) l->set_callback({});
        t.close(m_listener);
        m_listener = SocketId();
    }

    void close_passive()
    {
        close_listener();
        m_pending = {};
        if (m_data) m_server.linger(std::move(m_data));
    }

    // [SECTION] transfers

    void send_on_data(const std::string& bytes, const std::string& done)
    {
        m_data->send(bytes);
        m_server.linger(std::move(m_data)); // FIN once every byte is out
        reply(226, done);
    }

    void list(const std::string& arg, bool names_only)
    {
        std::string dir = resolve(arg.empty() || arg[0] == '-' ? "." : arg);
        if (!is_dir(dir)) return reply(550, "No such directory.");
        with_data([this, dir, names_only] {
            reply(150, "Here comes the directory listing.");
            std::string prefix = dir == "/" ? "/" : dir + "/";
            std::string text, last_dir;
            int64_t when = kSimEpochUnixSeconds;
            for (auto it = m_server.m_files.lower_bound(prefix); it != m_server.m_files.end();
                 ++it) {
                if (it->first.rfind(prefix, 0) != 0) break;
                std::string rest = it->first.substr(prefix.size());
                size_t slash = rest.find('/');
                std::string name = rest.substr(0, slash);
                if (slash != std::string::npos && name == last_dir) continue;
                if (slash != std::string::npos) last_dir = name;
                text +=
                    names_only
                        ? name + "\r\n"
                        : ftp_list_line(name, slash == std::string::npos ? it->second.size() : 4096,
                                        slash != std::string::npos, when);
            }
            send_on_data(text, "Directory send OK.");
        });
    }

    void retr(const std::string& arg)
    {
        std::string path = resolve(arg);
        auto it = m_server.m_files.find(path);
        if (it == m_server.m_files.end()) return reply(550, "Failed to open file.");
        with_data([this, path, name = arg] {
            const std::string& content = m_server.m_files[path];
            reply(150, "Opening BINARY mode data connection for " + name + " (" +
                           std::to_string(content.size()) + " bytes).");
            send_on_data(content, "Transfer complete.");
        });
    }

    void stor(const std::string& arg)
    {
        if (!m_may_write) return reply(550, "Permission denied.");
        std::string path = resolve(arg);
        if (arg.empty() || is_dir(path)) return reply(553, "Could not create file.");
        with_data([this, path] {
            reply(150, "Ok to send data.");
            m_upload_to = path;
            m_upload.clear();
        });
    }

    void on_data_closed(std::optional<SocketError> why)
    {
        if (m_upload_to.empty()) return;
        std::string path = std::exchange(m_upload_to, {});
        if (why) return reply(426, "Failure reading network stream.");
        m_server.m_files[path] = std::move(m_upload);
        m_upload.clear();
        reply(226, "Transfer complete.");
        if (m_data) m_server.linger(std::move(m_data));
    }

    FtpServer& m_server;
    LineBuffer m_lines;
    std::string m_user, m_cwd = "/";
    bool m_logged_in = false, m_may_write = false;
    SocketId m_listener;
    std::unique_ptr<TcpStream> m_data;
    std::function<void()> m_pending;
    std::string m_upload_to, m_upload;
};

FtpServer::FtpServer(net::IpNode& node, FtpConfig config)
    : StreamServer(node, config.port, "ftpd"), m_config(std::move(config)), m_files(m_config.files)
{}

std::unique_ptr<StreamServer::Session> FtpServer::make_session()
{
    return std::make_unique<FtpSession>(*this);
}

} // namespace wirelab::app
