#!/usr/bin/env python3
"""bi-tool's deterministic CSV generator for the import benchmark (bench/import.bench.sh).

usage: import_gen.py ROWS OUT [--encoding utf-8|cp932] [--seed N]

Same shape as the reference generator the benchmark is specified with (shared bench/gen_csv.py):
columns id,ts,day,region,product,customer,qty,price,discount,note,flag; CRLF line ends;
ts uniform over 2024 (ISO, 'T', seconds), day its date; 8 Japanese city regions; 1000
products SKU-00000..; customers C + 7 digits; qty 1..499 with about 2% empty; price
10..50000 with 2 decimals; discount 0..0.5 with 3 decimals and about 30% empty; note 1-5
words from a mixed Japanese/English list, about 5% quoted (2% with a comma, 1.5% with doubled
quotes, 1.5% with a line break); flag true/false evenly. 900,000 rows are about 97 MB in UTF-8.
Written independently (its own random stream, a splitmix64), so the rows differ from the
reference's while sizes and proportions agree; the benchmark checks that.
Standard library only.
"""
import sys

REGIONS = ["東京", "大阪", "名古屋", "福岡", "札幌", "仙台", "広島", "京都"]
WORDS = ["定期", "注文", "返品", "特急", "sample", "bulk", "gift", "note", "要確認", "VIP"]
MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]  # 2024 is a leap year


class SplitMix64:
    def __init__(self, seed):
        self.s = seed & 0xFFFFFFFFFFFFFFFF

    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n

    def unit(self):
        return (self.next() >> 11) / float(1 << 53)


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    rows, out = int(args[0]), args[1]
    encoding, seed = "utf-8", 7
    if "--encoding" in args:
        encoding = args[args.index("--encoding") + 1]
    if "--seed" in args:
        seed = int(args[args.index("--seed") + 1])
    rnd = SplitMix64(seed)
    # Day-of-year -> "2024-MM-DD", precomputed.
    days = []
    for m, n in enumerate(MONTH_DAYS):
        for d in range(n):
            days.append("2024-%02d-%02d" % (m + 1, d + 1))
    products = ["SKU-%05d" % i for i in range(1000)]
    lines = ["id,ts,day,region,product,customer,qty,price,discount,note,flag\r\n"]
    for i in range(rows):
        t = rnd.below(365 * 86400)
        day = days[t // 86400]
        rem = t % 86400
        ts = "%sT%02d:%02d:%02d" % (day, rem // 3600, rem % 3600 // 60, rem % 60)
        qty = "" if rnd.unit() < 0.02 else str(1 + rnd.below(499))
        price = "%.2f" % (10 + rnd.unit() * 49990)
        disc = "" if rnd.unit() < 0.3 else "%.3f" % (rnd.unit() * 0.5)
        note = " ".join(WORDS[rnd.below(10)] for _ in range(1 + rnd.below(5)))
        r = rnd.unit()
        if r < 0.02:
            note = '"%s, %s"' % (note, WORDS[rnd.below(10)])
        elif r < 0.035:
            note = '"%s ""quoted"" %s"' % (note, WORDS[rnd.below(10)])
        elif r < 0.05:
            note = '"%s\n%s"' % (note, WORDS[rnd.below(10)])
        flag = "true" if rnd.below(2) else "false"
        lines.append("%d,%s,%s,%s,%s,C%07d,%s,%s,%s,%s,%s\r\n" % (
            i, ts, day, REGIONS[rnd.below(8)], products[rnd.below(1000)], rnd.below(10**7),
            qty, price, disc, note, flag))
        if len(lines) >= 65536:
            flush(out, lines, encoding)
    flush(out, lines, encoding)


_opened = {}


def flush(out, lines, encoding):
    mode = "a" if out in _opened else "w"
    _opened[out] = True
    with open(out, mode, encoding=encoding, newline="") as f:
        f.write("".join(lines))
    lines.clear()


if __name__ == "__main__":
    main()
