#!/usr/bin/env bash
# hist.sh JAR LABEL N: runs bench.sh connections with JAR, takes class histograms (each one does a full GC)
# of the gateway every ~2 s; keeps the first (0 connections) and the one with the most NioSocketChannel.
set -u
JAR=$1; L=$2; N=$3; D=/tmp/connmem/$L; rm -rf $D; mkdir -p $D
cd "$(dirname "$0")/../../.."  # the repository root
GATEWAY_JAR=$JAR BENCH_CONNECTIONS=$N scripts/bench.sh --out $D/out connections > $D/bench.log 2>&1 &
B=$!
for i in $(seq 1 300); do
  G=$(ps --ppid $B -o pid=,args= | grep -- "-jar $JAR" | awk '{print $1}' | head -1)
  [[ -n $G ]] && break; sleep 0.5
done
echo "gateway $G" > $D/pid
best=-1; k=0
while kill -0 $B 2>/dev/null && [[ -n $G ]] && kill -0 $G 2>/dev/null; do
  jcmd $G GC.class_histogram > $D/h.tmp 2>/dev/null || { sleep 1; continue; }
  c=$(awk '$4 ~ /epoll.EpollSocketChannel$/ {print $2}' $D/h.tmp); c=${c:-0}
  (( c == 0 && best <= 0 )) && { cp $D/h.tmp $D/h0.txt; grep VmRSS /proc/$G/status > $D/rss0.txt; }
  if (( c > best && c > 0 )); then best=$c; cp $D/h.tmp $D/hN.txt; grep -E "VmRSS" /proc/$G/status > $D/rssN.txt; fi
  k=$((k+1)); sleep 1
done
wait $B; echo "best=$best" >> $D/pid
