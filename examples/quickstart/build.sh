#!/bin/sh
# Compiles Train.java into build/, unless build/Train.class is already newer than it: metaopt
# runs this before every smoke test and every sweep, and the trainer needs compiling only once
# per campaign (again only when Train.java changes), so a trial costs its training, not a javac.
[ build/Train.class -nt Train.java ] || exec javac -d build Train.java
