// The fixed working copy against the released 1.0: one func, the rest left out, the patch attached.
def log = new File(basedir, 'build.log').text
assert log.contains('jlivepatch: baseline demo.it:greeter-lib:1.0: ')
assert log.contains('demo.lib.Greeter: changed method: greet(Ljava/lang/String;)Ljava/lang/String;')
assert log.contains('demo.lib.Greeter: carried: new private method orStranger(Ljava/lang/String;)Ljava/lang/String;')
assert log.contains("jlivepatch: 'greeter-fix-1': left out by the selection: 2 finding(s) in 1 class(es): demo.lib.Greeter (2)")
def jar = new File(basedir, 'target/greeter-lib-1.0.1-SNAPSHOT-livepatch.jar')
assert jar.isFile()
def manifest = new java.util.jar.JarFile(jar).manifest.mainAttributes
assert manifest.getValue('Livepatch-Name') == 'greeter-fix-1'
return true
