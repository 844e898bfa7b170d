#include "core/services/telnet/telnet_codec.h"

namespace wirelab::app::telnet {

std::string command(uint8_t verb, uint8_t option)
{
    return std::string{char(kIac), char(verb), char(option)};
}

Decoder::Output Decoder::feed(std::string_view bytes)
{
    Output out;
    for (char ch : bytes) {
        uint8_t c = uint8_t(ch);
        switch (m_state) {
        case State::Data:
            if (c == kIac)
                m_state = State::Iac;
            else
                out.data += ch;
            break;
        case State::Iac:
            m_state = State::Data;
            if (c == kIac)
                out.data += ch; // an escaped 255 data byte
            else if (c >= kWill && c <= kDont)
                m_verb = c, m_state = State::Verb;
            else if (c == kSb)
                m_state = State::Sub;
            else if (c == kIp)
                out.interrupt = true;
            break; // NOP, GA, AYT, ... carry no data
        case State::Verb:
            out.negotiations.push_back({m_verb, c});
            m_state = State::Data;
            break;
        case State::Sub:
            if (c == kIac) m_state = State::SubIac;
            break;
        case State::SubIac: m_state = c == kSe ? State::Data : State::Sub; break;
        }
    }
    return out;
}

std::string escape_data(std::string_view data)
{
    std::string out;
    for (char c : data) {
        out += c;
        if (uint8_t(c) == kIac) out += c;
    }
    return out;
}

} // namespace wirelab::app::telnet
