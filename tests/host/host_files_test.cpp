// HostFiles: paths, reads and writes with the errors open(2) gives, directory listings.
#include "core/host/host_files.h"
#include "tests/services/service_harness.h"

#include <catch2/catch.hpp>

using namespace wirelab;
using namespace wirelab::app;
using namespace wirelab::test;

TEST_CASE("host files: paths are normalised like a kernel resolves them", "[app][files]")
{
    CHECK(HostFiles::normalize("/a/./b/../c") == "/a/c");
    CHECK(HostFiles::normalize("c") == "/c");
    CHECK(HostFiles::normalize("//a//b/") == "/a/b");
    CHECK(HostFiles::normalize("/..") == "/");
    CHECK(HostFiles::normalize("") == "");
}

TEST_CASE("host files: reads and writes fail as open(2) does; listings are by name", "[app][files]")
{
    TwoHosts h(71);
    HostFiles& f = HostFiles::of(h.a);
    REQUIRE(f.write("/home/alice/notes.txt", "milk\n"));
    REQUIRE(f.write("todo.txt", "x")); // relative: from "/"
    REQUIRE(f.append("/var/log/mail.log", "one\n"));
    REQUIRE(f.append("/var/log/mail.log", "two\n"));
    CHECK(f.read("/var/log/mail.log").value_or("") == "one\ntwo\n");
    CHECK(f.read("/todo.txt").value_or("") == "x");
    CHECK(f.read("/nope").error() == FileError::NotFound);
    CHECK(f.read("/home").error() == FileError::IsDirectory);
    CHECK(f.read("/todo.txt/x").error() == FileError::NotDirectory);
    CHECK(f.write("/home/alice", "x").error() == FileError::IsDirectory);
    CHECK(f.write("/todo.txt/x", "x").error() == FileError::NotDirectory);
    CHECK(std::string(to_string(FileError::NotFound)) == "No such file or directory");

    auto root = f.list("/");
    REQUIRE(root);
    REQUIRE(root->size() == 3);
    CHECK((*root)[0].name == "home");
    CHECK((*root)[0].is_dir);
    CHECK((*root)[1].name == "todo.txt");
    CHECK((*root)[1].size == 1);
    CHECK((*root)[2].name == "var");
    CHECK(f.list("/home/alice/notes.txt")->front().name == "notes.txt");
    CHECK(f.list("/nope").error() == FileError::NotFound);

    REQUIRE(f.remove("/todo.txt"));
    CHECK(f.remove("/todo.txt").error() == FileError::NotFound);
    CHECK(f.remove("/home").error() == FileError::IsDirectory);
    CHECK(f.status() == "files: 2 files, 13 bytes");
}

TEST_CASE("cat, ls and rm word their errors as coreutils does", "[app][files]")
{
    TwoHosts h(72);
    h.net.start();
    Term t(h.net, h.a);
    run_cmd(h, t, "ls");
    CHECK(t.code == 0);
    CHECK(t.text.empty()); // a host with no files still has "/"
    run_cmd(h, t, "cat /etc/motd");
    CHECK(t.code == 1);
    CHECK(t.text == "cat: /etc/motd: No such file or directory\n");
    REQUIRE(HostFiles::of(h.a).write("/srv/a.txt", "A\n"));
    REQUIRE(HostFiles::of(h.a).write("/srv/b.txt", "B\n"));
    run_cmd(h, t, "cat /srv/a.txt srv/b.txt /srv");
    CHECK(t.code == 1);
    CHECK(t.text == "A\nB\ncat: /srv: Is a directory\n");
    run_cmd(h, t, "ls /srv");
    CHECK(t.text == "a.txt  b.txt\n");
    run_cmd(h, t, "ls -l /srv/a.txt");
    CHECK(t.text == "-rw-r--r-- 1 root root      2 Jan  1 00:00 a.txt\n");
    run_cmd(h, t, "ls /nope");
    CHECK(t.code == 2);
    CHECK(t.text == "ls: cannot access '/nope': No such file or directory\n");
    run_cmd(h, t, "rm /srv/a.txt /srv/zz");
    CHECK(t.code == 1);
    CHECK(t.text == "rm: cannot remove '/srv/zz': No such file or directory\n");
    CHECK(!HostFiles::of(h.a).is_file("/srv/a.txt"));
}
