package dev.fer.spark;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * The driver's Hadoop configuration, shipped with a task so that executors read files with the session's settings
 * ({@code spark.hadoop.*}, credentials or endpoints set on {@code sparkContext().hadoopConfiguration()}), as Spark's
 * own file sources do; a {@code new Configuration()} on an executor would see only its {@code *-site.xml} files.
 * {@link Configuration} is {@code Writable}, not {@code Serializable}: this writes it in its own format.
 *
 * <p><b>Thread safety:</b> the wrapped configuration is copied once and only read afterwards.
 */
final class HadoopConf implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private transient Configuration conf;

    private HadoopConf(Configuration conf) {
        this.conf = conf;
    }

    /**
     * A copy of the session's Hadoop configuration as it is now.
     *
     * @param spark the session
     * @return the shippable copy
     */
    static HadoopConf of(SparkSession spark) {
        return new HadoopConf(new Configuration(spark.sparkContext().hadoopConfiguration()));
    }

    Configuration get() {
        return conf;
    }

    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        conf.write(out);
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        Configuration c = new Configuration(false);
        c.readFields(in);
        conf = c;
    }
}
