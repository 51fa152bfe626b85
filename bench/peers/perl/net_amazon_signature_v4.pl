#!/usr/bin/perl
# Peer harness: Net::Amazon::Signature::V4 (Debian libnet-amazon-signature-v4-perl). It only signs
# headers (no presigning: no W2) and derives the key for every signature ("nocache" only). Prints one
# JSON line per workload; see bench/compare.
use strict;
use warnings;
use FindBin;
use JSON::PP;
use HTTP::Request;
use Time::HiRes qw(clock_gettime CLOCK_MONOTONIC CLOCK_PROCESS_CPUTIME_ID);
use Net::Amazon::Signature::V4;

my $file = $ENV{SIGV4_BENCH_WORKLOADS} || "$FindBin::Bin/../../workloads.json";
open my $fh, '<', $file or die "cannot open $file: $!";
my $set = decode_json(do { local $/; <$fh> });
my $seconds = $ENV{BENCH_SECONDS} || 0.3;
my $repetitions = $ENV{BENCH_REPETITIONS} || 5;

sub workload { my ($id) = @_; (grep { $_->{id} eq $id } @{ $set->{workloads} })[0] }

# Byte i of an n-byte body is i % 251 (the definition in workloads.json).
sub body { my ($n) = @_; join '', map { chr($_ % 251) } 0 .. $n - 1 }

sub request {
    my ($w, $content) = @_;
    my $url = "$w->{scheme}://$w->{host}$w->{path}" . ($w->{query} ne '' ? "?$w->{query}" : '');
    my $r = HTTP::Request->new($w->{method} => $url);
    $r->header($_->[0] => $_->[1]) for @{ $w->{headers} };
    $r->content($content) if defined $content;
    return $r;
}

sub median { my @v = sort { $a <=> $b } @_; $v[int(@v / 2)] }

# Median wall-clock and CPU (process user + system) ns/op over $repetitions runs of about $seconds
# each, after a warm-up. bench/compare tables CPU time: on a shared machine wall time also counts
# other processes' turns.
sub timed {
    my ($op) = @_;
    my $run = sub {
        my ($n) = @_;
        my $c0 = clock_gettime(CLOCK_PROCESS_CPUTIME_ID);
        my $t0 = clock_gettime(CLOCK_MONOTONIC);
        $op->() for 1 .. $n;
        return ((clock_gettime(CLOCK_MONOTONIC) - $t0) * 1e9, (clock_gettime(CLOCK_PROCESS_CPUTIME_ID) - $c0) * 1e9);
    };
    my $n = 1;
    $n *= 2 while ($run->($n))[0] < $seconds * 1e9 / 4;
    my (@wall, @cpu);
    for (1 .. $repetitions) {
        my ($w, $c) = $run->($n);
        push @wall, $w / $n;
        push @cpu, $c / $n;
    }
    return { ns_per_op => median(@wall), cpu_ns_per_op => median(@cpu), repetitions => \@wall,
             cpu_repetitions => \@cpu };
}

my $signer = Net::Amazon::Signature::V4->new($set->{credentials}{access_key_id}, $set->{credentials}{secret_access_key},
                                             $set->{region}, $set->{service});
my $w1 = workload('W1');
my $w3 = workload('W3');
my $w3body = body($w3->{body_size});
# The signing time comes from the request's X-Amz-Date header; for W3 the module hashes the body and
# sets x-amz-content-sha256 itself.
my %ops = (
    W1 => sub { $signer->sign(request($w1))->header('Authorization') },
    W3 => sub { $signer->sign(request($w3, $w3body))->header('Authorization') },
);
for my $id (sort keys %ops) {
    my ($sig) = $ops{$id}->() =~ /Signature=([0-9a-f]{64})/ or die "no signature for $id";
    print encode_json({ peer => 'Net::Amazon::Signature::V4', workload => $id, variant => 'nocache',
                        amz_date => $set->{time}, signature => $sig, unsigned_headers => [],
                        %{ timed($ops{$id}) } }), "\n";
}
