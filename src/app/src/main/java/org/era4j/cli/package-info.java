/** The era command line (picocli). */
package org.era4j.cli;
