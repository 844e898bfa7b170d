// ftp: the netkit ftp client in verbose mode, always passive. No keyboard reaches a running
// command here, so the ftp> commands are given with -e, one each:
//   ftp 10.0.0.21 -e "user alice secret" -e ls -e "get readme.txt" -e "put notes.txt remember" -e
//   bye
// `get REMOTE [LOCAL]` saves into the host's files (core/host/host_files.h; `get FILE -` prints
// it instead), `put LOCAL [REMOTE]` uploads one of them.
//
// [SECTION] index: options · control connection · commands · data transfers
#include "core/host/dns_stub.h"
#include "core/host/host_files.h"
#include "core/services/tcp_stream.h"
#include "core/shell/commands.h"
#include "core/shell/options.h"

#include <cctype>
#include <cstdio>
#include <deque>

namespace wirelab::app {
namespace {

using transport::SocketError;

struct Reply {
    int code = 0;
    std::string text; // every line, each ending "\n"
};

class Ftp : public Process {
public:
    using Process::Process;
    std::vector<std::string> argv;

    void start() override
    {
        if (!parse()) return;
        m_lookup = DnsStub::resolve(m_node, m_host, [this](Result<Resolved, ResolveError> r) {
            if (!r) {
                out("ftp: " + m_host + ": " + r.error().describe() + "\n");
                return finish(1);
            }
            connect(r->addr);
        });
    }

    void interrupt() override
    {
        close_all();
        exit(130);
    }

private:
    // [SECTION] options

    bool parse()
    {
        static constexpr OptionSpec kOptions[] = {
            {'e', "", OptArg::Required}, {'p'}, {'n'}, {'v'}, // always passive, verbose
        };
        std::vector<std::string> pos;
        OptionParser p(kOptions, argv);
        for (OptionItem o = p.next(); !o.is_end(); o = p.next()) {
            if (o.is_error()) // a last -e without its command too
                return usage("invalid option -- '" + (o.is_long ? "-" : o.name) + "'");
            if (o.is_operand())
                pos.push_back(o.value);
            else if (o.key == 'e')
                m_script.push_back(o.value);
        }
        if (pos.empty() || pos.size() > 2)
            return usage(pos.empty() ? "no host given" : "too many arguments");
        m_host = pos[0];
        if (pos.size() == 2 && !parse_port(pos[1], m_port))
            return usage(pos[1] + ": bad port number");
        return true;
    }

    bool usage(const std::string& msg)
    {
        out("ftp: " + msg +
            "\nusage: ftp host [port] [-e command]...\n"
            "  commands: user NAME PASS, ls [dir], cd DIR, pwd, get REMOTE [LOCAL],\n"
            "            put LOCAL [REMOTE], delete FILE,\n"
            "            binary, ascii, quote RAW, bye\n");
        exit(1);
        return false;
    }

    // [SECTION] control connection

    void connect(const wire::IpAddr& addr)
    {
        m_addr = addr;
        m_ctrl = std::make_unique<TcpStream>(m_node, "ftp");
        m_ctrl->on_connected([this] { out("Connected to " + m_host + ".\n"); });
        m_ctrl->on_data([this](std::string_view b) { on_ctrl_data(b); });
        m_ctrl->on_closed([this](std::optional<SocketError> why) { on_ctrl_closed(why); });
        m_waiting.push_back([this](const Reply& r) {
            if (r.code != 220) return finish(1);
            next_command();
        });
        if (auto r = m_ctrl->connect({addr, m_port}); !r) {
            out(std::string("ftp: connect: ") + transport::to_string(r.error()) + "\n");
            finish(1);
        }
    }

    // Replies end with "DDD text"; "DDD-" starts a multi-line one (RFC 959 §4.2).
    void on_ctrl_data(std::string_view bytes)
    {
        // During a download, replies wait until the data connection has ended, so the listing or
        // file shows between "150" and "226" as ftp prints it.
        if (m_holding) {
            m_held.append(bytes);
            return;
        }
        m_lines.feed(bytes);
        while (auto line = m_lines.next_line()) {
            out(*line + "\n");
            m_reply.text += *line + "\n";
            int code = reply_code(*line);
            bool done = code > 0 && (line->size() == 3 || (*line)[3] == ' ') &&
                        (m_reply.code == 0 || code == m_reply.code);
            if (m_reply.code == 0) m_reply.code = code;
            if (!done) continue;
            Reply r = std::exchange(m_reply, {});
            if (m_waiting.empty()) continue;
            auto handler = std::move(m_waiting.front());
            m_waiting.pop_front();
            handler(r);
            if (has_exited()) return;
            if (m_holding) { // the rest waits for the end of the download
                m_held = m_lines.pending() + m_held;
                m_lines.clear();
                return;
            }
        }
    }

    static int reply_code(const std::string& line)
    {
        if (line.size() < 3) return -1;
        for (int i = 0; i < 3; ++i)
            if (line[i] < '0' || line[i] > '9') return -1;
        return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    }

    void on_ctrl_closed(std::optional<SocketError> why)
    {
        if (has_exited()) return;
        if (why && !m_ctrl->is_connected())
            out(std::string("ftp: connect: ") + transport::to_string(*why) + "\n");
        else
            out("421 Service not available, remote server has closed connection.\n");
        finish(1);
    }

    void send_cmd(const std::string& line, std::function<void(const Reply&)> then)
    {
        m_waiting.push_back(std::move(then));
        m_ctrl->send(line + "\r\n");
    }

    // [SECTION] commands

    void next_command()
    {
        if (m_script.empty()) {
            // Out of commands: like ftp at the end of its input, say goodbye.
            return send_cmd("QUIT", [this](const Reply&) { finish(0); });
        }
        std::string line = m_script.front();
        m_script.pop_front();
        out("ftp> " + redact(line) + "\n");
        std::vector<std::string> w = Shell::split(line);
        if (w.empty()) return next_command();
        run(w, line);
    }

    // `user NAME PASS` would show the password; ftp never echoes it.
    static std::string redact(const std::string& line)
    {
        std::vector<std::string> w = Shell::split(line);
        if (w.size() == 3 && w[0] == "user") return "user " + w[1];
        return line;
    }

    void run(const std::vector<std::string>& w, const std::string& line)
    {
        const std::string& c = w[0];
        auto then_next = [this](const Reply&) { next_command(); };
        if (c == "bye" || c == "quit" || c == "exit")
            return send_cmd("QUIT", [this](const Reply&) { finish(0); });
        if (c == "user" && w.size() >= 2) return login(w);
        if ((c == "ls" || c == "dir") && w.size() <= 2)
            return transfer("LIST" + (w.size() == 2 ? " " + w[1] : ""), std::nullopt, false);
        if (c == "cd" && w.size() == 2) return send_cmd("CWD " + w[1], then_next);
        if (c == "pwd") return send_cmd("PWD", then_next);
        if (c == "binary") return send_cmd("TYPE I", then_next);
        if (c == "ascii") return send_cmd("TYPE A", then_next);
        if (c == "delete" && w.size() == 2) return send_cmd("DELE " + w[1], then_next);
        if (c == "get" && (w.size() == 2 || w.size() == 3)) {
            // netkit ftp: the local name defaults to the remote one (its last component here:
            // hosts have no cd, so "pub/notes.txt" lands in /notes.txt).
            m_local = w.size() == 3 ? w[2] : w[1].substr(w[1].rfind('/') + 1);
            out("local: " + m_local + " remote: " + w[1] + "\n");
            return transfer("RETR " + w[1], std::nullopt, true);
        }
        if (c == "put" && (w.size() == 2 || w.size() == 3)) {
            auto file = HostFiles::of(m_node).read(w[1]);
            if (!file) {
                out("local: " + w[1] + ": " + to_string(file.error()) + "\n");
                return next_command();
            }
            std::string remote = w.size() == 3 ? w[2] : w[1].substr(w[1].rfind('/') + 1);
            out("local: " + w[1] + " remote: " + remote + "\n");
            return transfer("STOR " + remote, std::move(*file), true);
        }
        if (c == "quote" && w.size() >= 2)
            return send_cmd(line.substr(line.find(' ') + 1), then_next);
        out("?Invalid command or arguments: " + c +
            " (ftp here knows user, ls, cd, pwd, get, put, delete, binary, "
            "ascii, quote, bye)\n");
        next_command();
    }

    void login(const std::vector<std::string>& w)
    {
        send_cmd("USER " + w[1], [this, w](const Reply& r) {
            if (r.code != 331) return next_command();
            send_cmd("PASS " + (w.size() >= 3 ? w[2] : std::string()), [this](const Reply& r) {
                if (r.code != 230) {
                    out("Login failed.\n");
                    return next_command();
                }
                send_cmd("SYST", [this](const Reply& s) {
                    if (s.code == 215 && s.text.find("UNIX Type: L8") != std::string::npos) {
                        out("Remote system type is UNIX.\nUsing binary mode to transfer files.\n");
                        return send_cmd("TYPE I", [this](const Reply&) { next_command(); });
                    }
                    next_command();
                });
            });
        });
    }

    // [SECTION] data transfers

    // PASV, connect to the announced port, send `cmd`, then move `upload` (if any) or collect the
    // download; the transfer is done when both the data connection and the 226 have ended.
    void transfer(const std::string& cmd, std::optional<std::string> upload, bool counted)
    {
        m_counted = counted;
        if (!counted) m_local.clear();
        m_listing = cmd.rfind("LIST", 0) == 0 || cmd.rfind("NLST", 0) == 0;
        m_start = m_net.now();
        send_cmd("PASV", [this, cmd, upload = std::move(upload)](const Reply& r) {
            auto ep = parse_pasv(r);
            if (!ep) return next_command();
            retire_data();
            m_data = std::make_unique<TcpStream>(m_node, "ftp");
            m_got.clear();
            m_data_done = m_reply_done = false;
            m_uploading = upload.has_value();
            m_upload = upload.value_or("");
            m_data->on_data([this](std::string_view b) { m_got += b; });
            m_data->on_closed([this](std::optional<SocketError>) { data_finished(); });
            if (!m_data->connect(*ep)) {
                out("ftp: connect: data connection failed\n");
                return next_command();
            }
            send_cmd(cmd, [this](const Reply& r) { on_transfer_started(r); });
        });
    }

    std::optional<transport::Endpoint> parse_pasv(const Reply& r)
    {
        int h[6];
        size_t open = r.text.find('(');
        if (r.code != 227 || open == std::string::npos ||
            std::sscanf(r.text.c_str() + open, "(%d,%d,%d,%d,%d,%d)", &h[0], &h[1], &h[2], &h[3],
                        &h[4], &h[5]) != 6)
            return std::nullopt;
        wire::Ipv4Addr a{{uint8_t(h[0]), uint8_t(h[1]), uint8_t(h[2]), uint8_t(h[3])}};
        return transport::Endpoint{wire::IpAddr(a), uint16_t(h[4] << 8 | h[5])};
    }

    void on_transfer_started(const Reply& r)
    {
        if (r.code != 150 && r.code != 125) {
            if (m_data) m_data->close();
            return next_command();
        }
        if (m_uploading) {
            m_data->send(m_upload);
            m_data->close(); // FIN after the bytes: the server's end of file
            m_data_done = true;
        } else if (!m_data_done) {
            m_holding = true;
        }
        m_waiting.push_back([this](const Reply&) {
            m_reply_done = true;
            maybe_done();
        });
    }

    void data_finished()
    {
        m_data_done = true;
        if (m_data) m_data->close();
        // Listings travel in ASCII mode (CR LF lines); the client shows them as local lines.
        if (m_listing) std::erase(m_got, '\r');
        if (!m_uploading) save_download();
        if (m_holding) {
            m_holding = false;
            on_ctrl_data(std::exchange(m_held, {}));
            if (has_exited()) return;
        }
        maybe_done();
    }

    // A listing or `get FILE -` goes to the terminal, any other download into the named file.
    void save_download()
    {
        if (m_local.empty() || m_local == "-") return out(m_got);
        if (auto w = HostFiles::of(m_node).write(m_local, m_got); !w)
            out("local: " + m_local + ": " + to_string(w.error()) + "\n");
    }

    void maybe_done()
    {
        if (!m_data_done || !m_reply_done) return;
        if (m_counted) {
            size_t n = m_uploading ? m_upload.size() : m_got.size();
            int64_t us = (m_net.now() - m_start).ns() / 1000;
            char buf[96];
            std::snprintf(buf, sizeof buf, "%zu bytes %s in %lld.%02lld secs\n", n,
                          m_uploading ? "sent" : "received", (long long)(us / 1000000),
                          (long long)(us % 1000000 / 10000));
            out(buf);
        }
        m_reply_done = false;
        next_command();
    }

    // Closes the data connection; the object lives on, as this may run in one of its callbacks.
    void retire_data()
    {
        if (!m_data) return;
        m_data->close();
        m_retired.push_back(std::move(m_data));
    }

    void close_all()
    {
        m_lookup.cancel();
        if (m_data) m_data->close();
        if (m_ctrl) m_ctrl->close();
    }

    void finish(int code)
    {
        close_all();
        exit(code);
    }

    std::string m_host;
    uint16_t m_port = 21;
    wire::IpAddr m_addr;
    std::deque<std::string> m_script;
    DnsStub::Lookup m_lookup;
    std::unique_ptr<TcpStream> m_ctrl, m_data;
    std::vector<std::unique_ptr<TcpStream>> m_retired;
    LineBuffer m_lines;
    Reply m_reply;
    std::deque<std::function<void(const Reply&)>> m_waiting;
    std::string m_got, m_upload;
    std::string m_local; // where a download goes: a file of this host, or "-" for the terminal
    bool m_uploading = false;
    bool m_data_done = false, m_reply_done = false, m_counted = false;
    bool m_listing = false; // the transfer is a directory listing
    bool m_holding = false; // control replies held back until the download ends
    std::string m_held;
    SimTime m_start;
};

} // namespace

WIRELAB_COMMAND(make_ftp)
{
    auto p = std::make_unique<Ftp>(net, node, std::move(out), std::move(on_exit));
    p->argv = std::move(argv);
    return p;
}

} // namespace wirelab::app
