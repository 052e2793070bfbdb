import sys,re
def load(p):
    d={}
    for l in open(p):
        m=re.match(r'\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)',l)
        if m: d[m.group(3)]=(int(m.group(1)),int(m.group(2)))
    return d
a=load(sys.argv[1]); b=load(sys.argv[2]); n=int(sys.argv[3])
rows=[(b.get(k,(0,0))[1]-a.get(k,(0,0))[1], (b.get(k,(0,0))[0]-a.get(k,(0,0))[0])/n, k) for k in set(a)|set(b)]
rows.sort(reverse=True)
print("total heap delta per connection: %.0f B" % (sum(r[0] for r in rows)/n))
for r in rows[:22]: print("%8.1f B  %6.2f inst  %s" % (r[0]/n, r[1], r[2]))
