// FtpServer: the File Transfer Protocol (RFC 959) on port 21, shaped like vsftpd — USER/PASS
// login (anonymous if allowed, read-only), PWD/CWD/CDUP, TYPE, PASV and EPSV (RFC 2428) passive
// data connections, LIST/NLST/RETR/STOR/DELE, QUIT. Files live in the server's own tree, filled
// from the scenario; STOR adds to it. Commands, replies and passwords travel in clear text.
// Active mode (PORT) is refused: the client would have to accept a connection, which is what
// firewalls and NAT break — passive mode is what clients use today.
#pragma once

#include "core/services/tcp_stream.h"

#include <map>

namespace wirelab::app {

struct FtpConfig {
    uint16_t port = 21;
    std::map<std::string, std::string> users; // name -> password; they may upload and delete
    bool anonymous = false;                   // "anonymous"/"ftp" with any password, read-only
    std::map<std::string, std::string> files; // "/pub/readme.txt" -> contents
    std::string banner;                       // empty: "Wirelab FTP server on <host>"
};

class FtpServer final : public StreamServer {
public:
    FtpServer(net::IpNode& node, FtpConfig config);
    // The file tree as uploads and deletes left it.
    const std::map<std::string, std::string>& files() const { return m_files; }
    const FtpConfig& config() const { return m_config; }

protected:
    std::unique_ptr<Session> make_session() override;

private:
    friend class FtpSession;
    FtpConfig m_config;
    std::map<std::string, std::string> m_files;
};

// "Jan 01 00:00"-style `ls -l` line for a file or directory, as vsftpd writes LIST entries.
std::string ftp_list_line(std::string_view name, size_t size, bool is_dir, int64_t unix_seconds);

} // namespace wirelab::app
