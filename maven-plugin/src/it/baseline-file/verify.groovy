// The baseline given as a file, and --exclude: greet is the one func.
def log = new File(basedir, 'build.log').text
assert log.contains("jlivepatch: building patch 'greeter-lib-1.0.1-SNAPSHOT': ")
assert log.contains('greeter-lib-1.0.jar (1 classes) -> ')
assert log.contains('demo.lib.Greeter: changed method: greet(Ljava/lang/String;)Ljava/lang/String;')
assert !log.contains('demo.lib.Greeter: changed method: version()I')
assert log.contains("left out by the selection: 1 finding(s) in 1 class(es): demo.lib.Greeter (1)")
assert new File(basedir, 'target/greeter-lib-1.0.1-SNAPSHOT-livepatch.jar').isFile()
return true
