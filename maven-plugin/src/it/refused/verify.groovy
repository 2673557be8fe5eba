// A change a running JVM cannot take fails the build with the refusal, and attaches nothing.
def log = new File(basedir, 'build.log').text
assert log.contains('demo.lib.Greeter: refused: added field demo.lib.Greeter.greeted (I)')
assert log.contains('jlivepatch: no live patch of greeter-lib:')
assert !new File(basedir, 'target/greeter-lib-1.0.1-SNAPSHOT-livepatch.jar').exists()
return true
