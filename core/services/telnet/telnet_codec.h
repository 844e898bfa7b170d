// Telnet's network virtual terminal (RFC 854) as both ends need it: separating data from the
// IAC command sequences mixed into the stream, and the option negotiation verbs (RFC 855) with
// the two options a login session uses, ECHO (RFC 857) and SUPPRESS-GO-AHEAD (RFC 858).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wirelab::app::telnet {

constexpr uint16_t kPort = 23;
constexpr uint8_t kIac = 255;
constexpr uint8_t kDont = 254, kDo = 253, kWont = 252, kWill = 251;
constexpr uint8_t kSb = 250, kSe = 240;
constexpr uint8_t kIp = 244; // Interrupt Process (what Ctrl+C becomes)
constexpr uint8_t kOptEcho = 1, kOptSuppressGoAhead = 3;

// "IAC WILL ECHO" as bytes.
std::string command(uint8_t verb, uint8_t option);

struct Negotiation {
    uint8_t verb = 0; // kDo, kDont, kWill, kWont
    uint8_t option = 0;
    bool operator==(const Negotiation&) const = default;
};

// Feeds on received bytes (split anywhere) and gives back the data with the commands removed,
// "IAC IAC" turned into one 255 byte and subnegotiations skipped.
class Decoder {
public:
    struct Output {
        std::string data;
        std::vector<Negotiation> negotiations;
        bool interrupt = false; // IAC IP seen
    };
    Output feed(std::string_view bytes);

private:
    enum class State : uint8_t { Data, Iac, Verb, Sub, SubIac };
    State m_state = State::Data;
    uint8_t m_verb = 0;
};

// Data as it goes on the wire: 255 doubled (RFC 854 "IAC IAC").
std::string escape_data(std::string_view data);

} // namespace wirelab::app::telnet
