/** The consumer example as a named module: it needs only era4j's core. */
module org.era4j.example {
    requires org.era4j.core;
}
